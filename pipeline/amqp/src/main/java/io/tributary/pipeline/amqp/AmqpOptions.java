package io.tributary.pipeline.amqp;

import io.tributary.connectors.amqp.AmqpConnectionSettings;
import io.tributary.pipeline.config.Options;

/** Checks of options that the {@code amqp} source and sink share. */
final class AmqpOptions {

  private AmqpOptions() {}

  /** @return the required option {@code uri}, checked to be an {@code amqp://} or {@code amqps://} URI */
  static String amqpUri(Options options) {
    String uri = options.requiredString("uri");
    if (uri != null) {
      try {
        AmqpConnectionSettings.create(uri);
      } catch (IllegalArgumentException e) {
        options.error("uri", e.getMessage());
      }
    }
    return uri;
  }
}
