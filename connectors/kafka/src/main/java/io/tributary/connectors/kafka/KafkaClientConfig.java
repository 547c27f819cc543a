package io.tributary.connectors.kafka;

import io.tributary.streams.settings.SecretReferences;
import io.tributary.streams.settings.Secrets;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A Kafka client config file, as the Kafka tools' {@code --command-config} takes it: {@code security.protocol},
 * {@code sasl.*}, {@code ssl.*} and any other client property. Values may be {@code ${env:NAME}} or
 * {@code ${file:PATH}} ({@link SecretReferences}), so the file itself need not hold a password. Give the loaded
 * map to {@link KafkaSourceSettings#withClientProperties(Map)} or a producer's properties.
 */
public final class KafkaClientConfig {

  private static final String[] CONNECTION_PREFIXES = {"security.", "ssl.", "sasl.", "config.providers"};

  private KafkaClientConfig() {}

  /**
   * Reads a client config file and resolves its secret references.
   *
   * @param file a {@code .properties} file
   * @return the properties in the file's order of names (sorted), values resolved
   * @throws IllegalArgumentException naming the file (and the property and variable, never a secret value) when it
   *     cannot be read or a reference cannot be resolved
   */
  public static Map<String, String> load(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the Kafka client config " + file + ": "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())
          + "; check the path and that it is readable", e);
    }
    Map<String, String> raw = new TreeMap<>();
    properties.forEach((k, v) -> raw.put(String.valueOf(k).trim(), String.valueOf(v).trim()));
    try {
      return SecretReferences.resolveAll(raw);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("in the Kafka client config " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the properties that decide how a client connects ({@code security.*}, {@code ssl.*}, {@code sasl.*},
   * {@code config.providers*}), for the admin clients and producers Tributary makes beside a consumer (preflight,
   * dead letters): they must reach the brokers the same way.
   *
   * @param properties client properties
   * @return the connection properties among them
   */
  public static Map<String, Object> connection(Map<String, String> properties) {
    Map<String, Object> result = new LinkedHashMap<>();
    properties.forEach((name, value) -> {
      for (String prefix : CONNECTION_PREFIXES) {
        if (name.startsWith(prefix)) {
          result.put(name, value);
          return;
        }
      }
    });
    return result;
  }

  /**
   * Returns the client's security protocol: {@code security.protocol}, {@code PLAINTEXT} when not set.
   *
   * @param properties client properties
   * @return the protocol in upper case
   */
  public static String securityProtocol(Map<String, ?> properties) {
    Object protocol = properties.get("security.protocol");
    return protocol == null ? "PLAINTEXT" : String.valueOf(protocol).trim().toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * Returns the properties for printing, secrets masked ({@link Secrets#properties(Map)}).
   *
   * @param properties client properties
   * @return a printable copy
   */
  public static Map<String, String> masked(Map<String, ?> properties) {
    return Secrets.properties(properties);
  }
}
