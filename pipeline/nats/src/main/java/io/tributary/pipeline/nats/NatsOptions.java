package io.tributary.pipeline.nats;

import io.tributary.pipeline.config.OptionSpec;
import io.tributary.streams.settings.SettingType;

/** The options that the {@code nats} source and sink share. */
final class NatsOptions {

  /** {@code url}: required, the server. */
  static final OptionSpec<String> URL = OptionSpec.required("url", SettingType.string(),
      "The NATS server, e.g. nats://127.0.0.1:4222 (or a comma-separated list).");

  private NatsOptions() {}
}
