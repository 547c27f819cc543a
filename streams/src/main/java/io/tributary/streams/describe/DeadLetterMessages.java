package io.tributary.streams.describe;

import io.tributary.streams.deadletter.DeadLetterHeaders;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The message of a dead-letter channel: the original bytes with the original headers, plus the
 * {@link DeadLetterHeaders} that the connector of {@code protocol} writes. Every header constant of
 * {@link DeadLetterHeaders} is included (read from the class, so a header added there is described
 * too), except those that belong to another broker.
 */
public final class DeadLetterMessages {

  /** The message name of dead letters. */
  public static final String NAME = "DeadLetter";

  private static final Set<String> AMQP_ONLY =
      Set.of(DeadLetterHeaders.ORIGINAL_EXCHANGE, DeadLetterHeaders.ORIGINAL_ROUTING_KEY);
  private static final Set<String> NATS_ONLY =
      Set.of(DeadLetterHeaders.ORIGINAL_SUBJECT, DeadLetterHeaders.DELIVERIES);

  private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
      Map.entry(DeadLetterHeaders.ERROR_CLASS, "The class of the last error."),
      Map.entry(DeadLetterHeaders.ERROR_MESSAGE, "The last error's message (empty when it had none)."),
      Map.entry(DeadLetterHeaders.ATTEMPTS,
          "How many handler attempts were made, decimal (1 for a payload that could not be decoded)."),
      Map.entry(DeadLetterHeaders.FIRST_FAILURE, "When the first attempt failed, ISO-8601."),
      Map.entry(DeadLetterHeaders.STAGE, "Which step gave up: decode, handler or max-deliver."),
      Map.entry(DeadLetterHeaders.ORIGINAL_SOURCE,
          "Where the message was consumed from: the Kafka topic, the AMQP queue, the NATS stream."),
      Map.entry(DeadLetterHeaders.ORIGINAL_PARTITION, "Its Kafka partition (0 for brokers without partitions)."),
      Map.entry(DeadLetterHeaders.ORIGINAL_POSITION,
          "Its position there: the Kafka offset, the AMQP delivery tag, the NATS stream sequence."),
      Map.entry(DeadLetterHeaders.ORIGINAL_EXCHANGE, "The AMQP exchange it had been published to."),
      Map.entry(DeadLetterHeaders.ORIGINAL_ROUTING_KEY, "The AMQP routing key it had been published with."),
      Map.entry(DeadLetterHeaders.ORIGINAL_SUBJECT, "The NATS subject it had been published to."),
      Map.entry(DeadLetterHeaders.DELIVERIES, "How many times NATS delivered the message."),
      Map.entry(DeadLetterHeaders.VALIDATION_ERRORS, "Only when the payload did not match its schema: a JSON "
          + "array of {pointer, message}, e.g. "
          + "[{\"pointer\":\"/qty\",\"message\":\"string found, integer expected\"}]."));

  private DeadLetterMessages() {}

  /**
   * The dead-letter message of a connector.
   *
   * @param protocol {@link ServerDescription#KAFKA}, {@link ServerDescription#AMQP} or {@link
   *     ServerDescription#NATS}
   * @return its description: name {@link #NAME}, the original bytes as payload, the headers
   */
  public static MessageDescription of(String protocol) {
    List<HeaderDescription> headers = new ArrayList<>();
    for (String name : headerNames()) {
      boolean amqpOnly = AMQP_ONLY.contains(name);
      boolean natsOnly = NATS_ONLY.contains(name);
      if ((amqpOnly && !protocol.equals(ServerDescription.AMQP))
          || (natsOnly && !protocol.equals(ServerDescription.NATS))) {
        continue;
      }
      headers.add(new HeaderDescription(name, DESCRIPTIONS.getOrDefault(name, describe(name))));
    }
    return MessageDescription.of(NAME, MessageDescription.BYTES, PayloadDescription.originalBytes())
        .withHeaders(headers, true)
        .withSummary("A message that could not be processed, with why and where it came from.");
  }

  /** @return the header names declared in {@link DeadLetterHeaders}, in declaration order */
  static List<String> headerNames() {
    List<String> names = new ArrayList<>();
    for (Field f : DeadLetterHeaders.class.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class) {
        try {
          names.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return names;
  }

  private static String describe(String header) {
    return "See " + DeadLetterHeaders.class.getSimpleName() + " (" + header.toLowerCase(Locale.ROOT) + ").";
  }
}
