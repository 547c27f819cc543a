package io.tributary.cli.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The brokers {@code produce} and {@code consume} talk to, each chosen by its own flag: {@code
 * --bootstrap-servers} (Kafka), {@code --amqp-uri} (RabbitMQ) or {@code --nats-url} (NATS
 * JetStream). Exactly one must be given; {@link #choose} checks that, and the options that belong
 * to one broker only, with usage errors (exit 2) that say what to write instead.
 */
public enum Broker {
  /** Kafka, chosen by {@code --bootstrap-servers}. */
  KAFKA("Kafka", "--bootstrap-servers"),
  /** RabbitMQ (AMQP 0.9.1), chosen by {@code --amqp-uri}. */
  AMQP("RabbitMQ", "--amqp-uri"),
  /** NATS JetStream, chosen by {@code --nats-url}. */
  NATS("NATS JetStream", "--nats-url");

  private final String title;
  private final String flag;

  Broker(String title, String flag) {
    this.title = title;
    this.flag = flag;
  }

  /** @return the broker's name for messages, e.g. {@code RabbitMQ} */
  public String title() {
    return title;
  }

  /** @return the option that chooses this broker, e.g. {@code --amqp-uri} */
  public String flag() {
    return flag;
  }

  /**
   * Picks the broker whose flag the command line carries and checks the broker-specific options.
   *
   * @param spec the command (its parse result tells which options were given)
   * @param required per broker, the options it needs besides its flag, in order
   * @param onlyFor options that apply to some brokers only, with those brokers
   * @return the chosen broker
   * @throws ParameterException when no broker flag or several were given, a required option of the
   *     chosen broker is missing, or an option of another broker was given
   */
  public static Broker choose(CommandSpec spec, Map<Broker, List<String>> required,
      Map<String, Set<Broker>> onlyFor) {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<Broker> given = Arrays.stream(values()).filter(b -> parsed.hasMatchedOption(b.flag)).toList();
    if (given.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "choose a broker: " + choices(required));
    }
    if (given.size() > 1) {
      throw new ParameterException(spec.commandLine(), "choose one broker, not "
          + given.stream().map(b -> b.flag).collect(Collectors.joining(" and ")) + ": " + choices(required));
    }
    Broker broker = given.get(0);
    List<String> missing = new ArrayList<>();
    for (String option : required.getOrDefault(broker, List.of())) {
      if (!parsed.hasMatchedOption(option)) {
        missing.add(option);
      }
    }
    if (!missing.isEmpty()) {
      throw new ParameterException(spec.commandLine(), broker.title + " (" + broker.flag + ") needs "
          + String.join(" and ", missing));
    }
    for (Map.Entry<String, Set<Broker>> option : onlyFor.entrySet()) {
      if (parsed.hasMatchedOption(option.getKey()) && !option.getValue().contains(broker)) {
        throw new ParameterException(spec.commandLine(), option.getKey() + " applies to "
            + Arrays.stream(values()).filter(option.getValue()::contains).map(b -> b.title + " (" + b.flag + ")")
                .collect(Collectors.joining(" and "))
            + ", not to " + broker.title + " (" + broker.flag + ")");
      }
    }
    return broker;
  }

  /** E.g. {@code --bootstrap-servers with --topic (Kafka), --amqp-uri with --queue (RabbitMQ), or ...}. */
  private static String choices(Map<Broker, List<String>> required) {
    List<String> parts = new ArrayList<>();
    for (Broker b : values()) {
      List<String> needs = required.getOrDefault(b, List.of());
      parts.add(b.flag + (needs.isEmpty() ? "" : " with " + String.join(" and ", needs)) + " (" + b.title + ")");
    }
    return String.join(", ", parts.subList(0, parts.size() - 1)) + ", or " + parts.get(parts.size() - 1);
  }
}
