package io.tributary.cli.runtime;

import io.tributary.connectors.kafka.KafkaClientConfig;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --client-config FILE}: a Kafka client config (the Kafka tools' {@code --command-config}), for secured
 * brokers: {@code security.protocol}, {@code sasl.*}, {@code ssl.*}. Values may be {@code ${env:NAME}} or
 * {@code ${file:PATH}}, so no password needs to be on the command line or in the file.
 */
public final class ClientConfigOption {

  @Option(names = "--client-config", paramLabel = "FILE",
      description = "Kafka: a client config file (security.protocol, sasl.*, ssl.*; values may be ${env:NAME} or "
          + "${file:PATH}), as Kafka's --command-config; ./tributary broker --security writes one.")
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
