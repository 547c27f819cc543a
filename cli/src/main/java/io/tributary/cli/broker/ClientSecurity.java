package io.tributary.cli.broker;

import io.tributary.connectors.amqp.AmqpConnectionSettings;
import io.tributary.connectors.nats.NatsSecurity;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code --client-config} file read for RabbitMQ or NATS: the keys of the pipeline's {@code amqp} and
 * {@code nats} components ({@code ca_file}, {@code client_certificate}, {@code client_certificate_password},
 * {@code user}, {@code password}; for NATS also {@code token}, {@code nkey_seed_file}, {@code credentials_file}).
 * Values are already resolved ({@code ${env:NAME}}, {@code ${file:PATH}}). For Kafka the file is a Kafka client
 * config instead.
 */
public final class ClientSecurity {

  private static final Set<String> AMQP_KEYS = Set.of("ca_file", "client_certificate",
      "client_certificate_password", "user", "password");
  private static final Set<String> NATS_KEYS = Set.of("ca_file", "client_certificate",
      "client_certificate_password", "user", "password", "token", "nkey_seed_file", "credentials_file");

  private ClientSecurity() {}

  /**
   * Applies the file's TLS and credentials to AMQP connection settings.
   *
   * @throws IllegalArgumentException naming an unknown key or an incomplete pair (never a value)
   */
  public static AmqpConnectionSettings amqp(AmqpConnectionSettings connection, Map<String, String> config) {
    try {
      return amqpChecked(connection, config);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--client-config: " + e.getMessage(), e);
    }
  }

  private static AmqpConnectionSettings amqpChecked(AmqpConnectionSettings connection, Map<String, String> config) {
    check(config, AMQP_KEYS, "RabbitMQ");
    AmqpConnectionSettings c = connection;
    if (config.containsKey("ca_file")) {
      c = c.withTrustedCa(Path.of(config.get("ca_file")));
    }
    if (pair(config, "client_certificate", "client_certificate_password")) {
      c = c.withClientCertificate(Path.of(config.get("client_certificate")),
          config.get("client_certificate_password"));
    }
    if (pair(config, "user", "password")) {
      c = c.withCredentials(config.get("user"), config.get("password"));
    }
    return c;
  }

  /**
   * Reads the file's TLS and authentication for NATS.
   *
   * @throws IllegalArgumentException naming an unknown key, an incomplete pair or a second way to authenticate
   */
  public static NatsSecurity nats(Map<String, String> config) {
    try {
      return natsChecked(config);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--client-config: " + e.getMessage(), e);
    }
  }

  private static NatsSecurity natsChecked(Map<String, String> config) {
    check(config, NATS_KEYS, "NATS");
    NatsSecurity s = NatsSecurity.none();
    if (config.containsKey("ca_file")) {
      s = s.withCaFile(Path.of(config.get("ca_file")));
    }
    if (pair(config, "client_certificate", "client_certificate_password")) {
      s = s.withClientCertificate(Path.of(config.get("client_certificate")),
          config.get("client_certificate_password"));
    }
    boolean user = pair(config, "user", "password");
    int ways = (user ? 1 : 0) + (config.containsKey("token") ? 1 : 0)
        + (config.containsKey("nkey_seed_file") ? 1 : 0) + (config.containsKey("credentials_file") ? 1 : 0);
    if (ways > 1) {
      throw new IllegalArgumentException("choose one way to authenticate to NATS: user/password, token, "
          + "nkey_seed_file or credentials_file");
    }
    if (user) {
      s = s.withUserPassword(config.get("user"), config.get("password"));
    } else if (config.containsKey("token")) {
      s = s.withToken(config.get("token"));
    } else if (config.containsKey("nkey_seed_file")) {
      s = s.withNKeySeedFile(Path.of(config.get("nkey_seed_file")));
    } else if (config.containsKey("credentials_file")) {
      s = s.withCredentialsFile(Path.of(config.get("credentials_file")));
    }
    return s;
  }

  private static void check(Map<String, String> config, Set<String> known, String broker) {
    Set<String> unknown = new TreeSet<>(config.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown key(s) " + unknown + " for " + broker + "; expected "
          + new TreeSet<>(known));
    }
  }

  private static boolean pair(Map<String, String> config, String first, String second) {
    if (config.containsKey(first) != config.containsKey(second)) {
      throw new IllegalArgumentException(first + " and " + second + " go together");
    }
    return config.containsKey(first);
  }
}
