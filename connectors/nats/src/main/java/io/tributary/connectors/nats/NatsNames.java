package io.tributary.connectors.nats;

import io.tributary.streams.settings.SettingType;
import java.util.Optional;

/**
 * The syntax of JetStream stream and consumer names and of NATS subjects, as setting types: the
 * settings check their names with them, and the pipeline's {@code nats} components their options.
 */
public final class NatsNames {

  /** A stream or consumer name: letters, digits, {@code -} and {@code _}. */
  public static final SettingType<String> NAME = SettingType.string("JetStream name (letters, digits, - or _)",
      v -> v.matches("[A-Za-z0-9_-]+") ? Optional.empty()
          : Optional.of("must be letters, digits, '-' or '_' (no dots, wildcards or spaces), was '" + v + "'"));

  /** A subject, wildcards {@code *} and {@code >} allowed. */
  public static final SettingType<String> SUBJECT =
      SettingType.string("NATS subject (wildcards * and > allowed)", NatsNames::subjectProblem);

  /** A subject without wildcards, as a publish needs. */
  public static final SettingType<String> PLAIN_SUBJECT = SettingType.string("NATS subject without wildcards",
      v -> subjectProblem(v).or(() -> v.contains("*") || v.contains(">")
          ? Optional.of("must be a plain subject without wildcards, was '" + v + "'") : Optional.empty()));

  private NatsNames() {}

  private static Optional<String> subjectProblem(String v) {
    if (v.isEmpty() || v.contains(" ") || v.startsWith(".") || v.endsWith(".") || v.contains("..")) {
      return Optional.of("is not a valid subject: tokens separated by single dots, no spaces; was '" + v + "'");
    }
    return Optional.empty();
  }
}
