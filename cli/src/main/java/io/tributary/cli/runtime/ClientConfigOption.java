package io.tributary.cli.runtime;

import io.tributary.connectors.kafka.KafkaClientConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --client-config FILE}: TLS and credentials for a secured broker. For Kafka a Kafka client config (the
 * Kafka tools' {@code --command-config}: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}); for RabbitMQ
 * and NATS the keys of {@link io.tributary.cli.broker.ClientSecurity}. Values may be {@code ${env:NAME}} or
 * {@code ${file:PATH}}, so no password needs to be on the command line or in the file.
 */
public final class ClientConfigOption {

  @Option(names = "--client-config", paramLabel = "FILE",
      description = "TLS and credentials in a properties file (values may be ${env:NAME} or ${file:PATH}). Kafka: "
          + "a client config (security.protocol, sasl.*, ssl.*), as Kafka's --command-config; ./tributary broker "
          + "--security writes one. RabbitMQ and NATS: ca_file, client_certificate, client_certificate_password, "
          + "user, password (NATS also token, nkey_seed_file, credentials_file).")
  private Path file;

  /**
   * Returns the resolved properties of the file, empty without {@code --client-config}.
   *
   * @param spec the command, for usage errors
   * @return the client properties
   * @throws ParameterException when the file cannot be read or a reference cannot be resolved (exit 2)
   */
  public Map<String, String> load(CommandSpec spec) {
    if (file == null) {
      return Map.of();
    }
    try {
      return KafkaClientConfig.load(file);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--client-config: " + e.getMessage(), e);
    }
  }

  /** @return whether {@code --client-config} was given */
  public boolean given() {
    return file != null;
  }
}
