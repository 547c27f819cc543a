package io.tributary.cli.broker;

import com.rabbitmq.client.AMQP;
import io.tributary.connectors.amqp.AmqpConnectionSettings;
import io.tributary.connectors.amqp.AmqpDeclaration;
import io.tributary.connectors.amqp.AmqpSetupException;
import io.tributary.connectors.amqp.AmqpSink;
import io.tributary.connectors.amqp.AmqpSinkSettings;
import io.tributary.connectors.amqp.OutgoingMessage;
import io.tributary.cli.commands.CommandFailedException;
import io.tributary.cli.commands.SampleProducer;
import io.tributary.cli.commands.SampleRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * {@code produce --amqp-uri}: declares the queue (durable) and publishes each record through the
 * default exchange to it with publisher confirms ({@link AmqpSink}): persistent, mandatory (a
 * message no queue takes fails instead of vanishing), content type {@code application/json}, the
 * key in header {@value AmqpConsumeTarget#KEY_HEADER}.
 */
public final class AmqpProduceTarget implements ProduceTarget {

  private static final int MAX_IN_FLIGHT = 1024;

  private final AmqpConnectionSettings connection;
  private final String queue;
  private final Duration timeout;

  /** @param timeout the bound on connecting and on each publish's confirm */
  public AmqpProduceTarget(String uri, String queue, Duration timeout) {
    this(uri, queue, timeout, Map.of());
  }

  /**
   * @param timeout the bound on connecting and on each publish's confirm
   * @param clientConfig TLS and credentials ({@link ClientSecurity#amqp}), empty for none
   */
  public AmqpProduceTarget(String uri, String queue, Duration timeout, Map<String, String> clientConfig) {
    if (queue.isEmpty()) {
      throw new IllegalArgumentException("--queue must not be empty");
    }
    Duration connect = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
    this.connection = ClientSecurity.amqp(AmqpConnectionSettings.create(uri).withConnectionTimeout(connect)
        .withConnectionName("tributary-produce"), clientConfig);
    this.queue = queue;
    this.timeout = timeout;
  }

  @Override
  public String destination() {
    return queue;
  }

  @Override
  public String broker() {
    return connection.maskedUri();
  }

  @Override
  public SampleProducer.Outcome produce(long count, int keys) {
    AmqpSinkSettings settings = AmqpSinkSettings.create(connection)
        .withDeclarations(AmqpDeclaration.queue(queue))   // before the first publish, and again after a reconnect
        .withMaxInFlight(MAX_IN_FLIGHT)
        .withConfirmTimeout(timeout);
    SampleProducer.Outcome outcome = ConfirmedPublishing.run(queue, count,
        AmqpSink.flow(settings, (Long i) -> message(i, keys)));
    if (outcome.acked() == 0 && outcome.firstError() instanceof AmqpSetupException e) {
      throw new CommandFailedException("could not declare queue '" + queue + "': " + e.getMessage(), e);
    }
    return outcome;
  }

  private OutgoingMessage message(long i, int keys) {
    AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
        .deliveryMode(2)
        .contentType("application/json")
        .headers(Map.of(AmqpConsumeTarget.KEY_HEADER, SampleRecords.key(i, keys)))
        .build();
    return new OutgoingMessage("", queue, SampleRecords.value(i, keys).getBytes(StandardCharsets.UTF_8),
        properties, true);
  }
}
