package io.tributary.samples.pipeline.config;

import io.tributary.connectors.amqp.AmqpConnectionSettings;

/** Checks of options that the {@code amqp} and {@code nats} sources and sinks share. */
public final class BrokerOptions {

  private BrokerOptions() {}

  /** @return the required option {@code uri}, checked to be an {@code amqp://} or {@code amqps://} URI */
  public static String amqpUri(Options options) {
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

  /**
   * @return the option {@code key} as a JetStream stream or consumer name (letters, digits, {@code -}
   *     and {@code _}), {@code null} when absent (recorded when {@code required}) or invalid
   */
  public static String natsName(Options options, String key, boolean required) {
    String name = required ? options.requiredString(key) : options.string(key, null);
    if (name != null && !name.matches("[A-Za-z0-9_-]+")) {
      options.error(key, "must be letters, digits, '-' or '_' (no dots, wildcards or spaces), was '" + name + "'");
      return null;
    }
    return name;
  }

  /**
   * @return the option {@code key} as a NATS subject ({@code wildcards}: {@code *} and {@code >}
   *     allowed), {@code null} when absent (recorded when {@code required}) or invalid
   */
  public static String natsSubject(Options options, String key, boolean required, boolean wildcards) {
    String subject = required ? options.requiredString(key) : options.string(key, null);
    if (subject == null) {
      return null;
    }
    if (subject.contains(" ") || subject.startsWith(".") || subject.endsWith(".") || subject.contains("..")) {
      options.error(key, "is not a valid subject: tokens separated by single dots, no spaces; was '" + subject + "'");
      return null;
    }
    if (!wildcards && (subject.contains("*") || subject.contains(">"))) {
      options.error(key, "must be a plain subject without wildcards, was '" + subject + "'");
      return null;
    }
    return subject;
  }
}
