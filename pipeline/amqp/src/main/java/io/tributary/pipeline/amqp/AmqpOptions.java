package io.tributary.pipeline.amqp;

import io.tributary.connectors.amqp.AmqpConnectionSettings;
import io.tributary.pipeline.config.OptionSpec;
import io.tributary.streams.settings.SettingType;
import java.util.Optional;

/** The options that the {@code amqp} source and sink share. */
final class AmqpOptions {

  /** {@code uri}: required, an {@code amqp://} or {@code amqps://} URI as {@link AmqpConnectionSettings} checks it. */
  static final OptionSpec<String> URI = OptionSpec.required("uri",
      SettingType.string("amqp:// or amqps:// URI", AmqpOptions::uriProblem),
      "The broker, amqp://user:password@host:port/vhost (no path: the virtual host /).");

  private AmqpOptions() {}

  private static Optional<String> uriProblem(String uri) {
    try {
      AmqpConnectionSettings.create(uri);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }
}
