package io.tributary.streams.settings;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in whatever Tributary prints: use it for every URI, property map or error text that
 * goes to a log, an exception message, {@code --check} output, a report, a metric label or an AsyncAPI
 * document.
 *
 * <p>A URI keeps its user and loses its password ({@code amqp://user:***@host:5672/vhost}); a property
 * whose name contains {@code password}, {@code secret}, {@code token}, {@code sasl.jaas.config},
 * {@code credentials} or {@code ssl.keystore.key} (any case) shows {@value #MASK}; free text has the
 * passwords of the URIs and the {@code password="..."} of JAAS lines inside it masked.
 */
public final class Secrets {

  /** What a secret is replaced with. */
  public static final String MASK = "***";

  private static final String[] SECRET_NAME_PARTS = {
      "password", "secret", "token", "sasl.jaas.config", "credentials", "ssl.keystore.key", "seed"};

  /** {@code scheme://user:password@}: group 1 keeps {@code scheme://user}. */
  private static final Pattern URI_USER_INFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^\\s:/@\"']*):[^\\s@/\"']*@");

  /** {@code scheme://token@} without a colon in the user info (NATS tokens): group 1 is {@code scheme://}. */
  private static final Pattern URI_TOKEN = Pattern.compile("((?:nats|tls|opentls|ws|wss)://)[^\\s:/@\"']+@");

  /**
   * {@code password="..."} and {@code password=...} as in JAAS lines and property dumps (only {@code =}: a
   * {@code password: } in prose, such as a config error naming the option, is not a value).
   */
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)((?:password|secret|token)[A-Za-z0-9_.-]*\\s*=\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;\"'}\\]]+)");

  private Secrets() {}

  /**
   * Tells whether a property of this name holds a secret.
   *
   * @param name a property name such as {@code ssl.truststore.password}
   * @return true when its value must never be shown
   */
  public static boolean isSecretName(String name) {
    if (name == null) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (String part : SECRET_NAME_PARTS) {
      if (lower.contains(part)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the URI with the password of its user info masked: {@code amqp://user:***@host}. A NATS URL
   * with a token as its user info ({@code nats://token@host}) shows {@code nats://***@host}. Text that is
   * not a URI comes back as it is.
   *
   * @param uri a URI, may be null
   * @return the URI without its password, or null for null
   */
  public static String uri(String uri) {
    if (uri == null) {
      return null;
    }
    String masked = URI_USER_INFO.matcher(uri).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":" + MASK + "@"));
    return URI_TOKEN.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + MASK + "@"));
  }

  /**
   * Returns a copy of the properties for printing: secret names ({@link #isSecretName}) show {@value #MASK},
   * other values have the passwords of URIs in them masked. The order of the map is kept.
   *
   * @param properties names and values
   * @return a new map, safe to print
   */
  public static Map<String, String> properties(Map<String, ?> properties) {
    Objects.requireNonNull(properties, "properties");
    Map<String, String> result = new LinkedHashMap<>();
    properties.forEach((name, value) -> result.put(name, value(name, value)));
    return result;
  }

  /**
   * Returns one property's value for printing: {@value #MASK} for a secret name, else the value with the
   * passwords of URIs in it masked.
   *
   * @param name the property name
   * @param value its value, may be null
   * @return the printable value
   */
  public static String value(String name, Object value) {
    if (value == null) {
      return null;
    }
    return isSecretName(name) ? MASK : uri(String.valueOf(value));
  }

  /**
   * Masks the secrets found in a free text, such as an exception message or a log line: the passwords of
   * URIs in it and the values after {@code password=}, {@code secret=} or {@code token=}.
   *
   * @param text any text, may be null
   * @return the text without those secrets
   */
  public static String text(String text) {
    if (text == null) {
      return null;
    }
    String masked = uri(text);
    return KEY_VALUE.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + maskQuoted(m.group(2))));
  }

  private static String maskQuoted(String value) {
    if (value.startsWith("\"")) {
      return "\"" + MASK + "\"";
    }
    if (value.startsWith("'")) {
      return "'" + MASK + "'";
    }
    return MASK;
  }
}
