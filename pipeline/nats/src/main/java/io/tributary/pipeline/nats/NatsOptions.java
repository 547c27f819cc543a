package io.tributary.pipeline.nats;

import io.tributary.pipeline.config.Options;

/** Checks of options that the {@code nats} source and sink share. */
final class NatsOptions {

  private NatsOptions() {}

  /**
   * @return the option {@code key} as a JetStream stream or consumer name (letters, digits, {@code -}
   *     and {@code _}), {@code null} when absent (recorded when {@code required}) or invalid
   */
  static String natsName(Options options, String key, boolean required) {
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
  static String natsSubject(Options options, String key, boolean required, boolean wildcards) {
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
