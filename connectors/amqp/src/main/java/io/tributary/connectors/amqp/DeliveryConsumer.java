package io.tributary.connectors.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.DefaultConsumer;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.deadletter.DeadLetterStage;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.processing.ProcessingFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RabbitMQ consumer of one session: turns each delivery into an {@link Envelope} (decoding it
 * on the client's consumer thread, off the stream) and hands it to the source stage. Undecodable
 * payloads go to the dead-letter sink and are acknowledged once stored; they never reach the
 * stream. The broker sends at most prefetch unacknowledged deliveries, which bounds what the stage
 * can be handed.
 */
final class DeliveryConsumer<T> extends DefaultConsumer {

  private static final Logger log = LoggerFactory.getLogger(DeliveryConsumer.class);

  private final ConsumerSession session;
  private final AmqpSourceSettings<T> settings;
  private final PayloadDecoder<T> decoder;
  private final DeadLetterSink<?> deadLetters;
  private final SourceCounters counters;
  private final Consumer<SourceEvent> events;

  DeliveryConsumer(ConsumerSession session, AmqpSourceSettings<T> settings, DeadLetterSink<?> deadLetters,
      SourceCounters counters, Consumer<SourceEvent> events) {
    super(session.channel);
    this.session = session;
    this.settings = settings;
    this.decoder = settings.decoder();
    this.deadLetters = deadLetters;
    this.counters = counters;
    this.events = events;
  }

  @Override
  public void handleDelivery(String consumerTag, com.rabbitmq.client.Envelope delivery,
      AMQP.BasicProperties properties, byte[] body) {
    counters.observeUnacknowledged(session.unacknowledged.incrementAndGet());
    counters.delivered.increment();
    if (delivery.isRedeliver()) {
      counters.redelivered.increment();
    }
    AmqpAcknowledgement ack = new AmqpAcknowledgement(session, delivery.getDeliveryTag(), delivery.isRedeliver(),
        delivery.getExchange(), delivery.getRoutingKey(), properties);
    String key = settings.keyHeader() == null ? delivery.getRoutingKey()
        : AmqpConnections.text(properties.getHeaders(), settings.keyHeader());
    byte[] rawKey = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    List<Header> headers = AmqpConnections.toHeaders(properties.getHeaders());
    Instant timestamp = properties.getTimestamp() != null ? properties.getTimestamp().toInstant() : Instant.now();
    SourcePosition position = new SourcePosition(settings.queue(), 0, delivery.getDeliveryTag());
    T payload;
    try {
      payload = decoder.decode(body);
      if (payload == null) {
        throw new IllegalArgumentException("the decoder returned null");
      }
    } catch (Exception e) {
      deadLetterUndecodable(new Envelope<>(key, body, headers, timestamp, position, ack, rawKey, body), e);
      return;
    }
    events.accept(new SourceEvent.Delivered(session,
        new Envelope<>(key, payload, headers, timestamp, position, ack, rawKey, body)));
  }

  private void deadLetterUndecodable(Envelope<byte[]> envelope, Exception error) {
    counters.undecodable.increment();
    log.warn("payload of {} cannot be decoded ({}); dead-lettering it", envelope.position(), error.toString());
    deadLetters.write(envelope, ProcessingFailure.of(error, 1, Instant.now()), DeadLetterStage.DECODE)
        .whenComplete((done, writeError) -> {
          if (writeError == null) {
            envelope.acknowledge();
          } else {
            log.error("dead-letter write for undecodable {} failed; stopping without acknowledging it",
                envelope.position(), writeError);
            events.accept(new SourceEvent.DeadLetterFailed(envelope.position(), writeError));
          }
        });
  }

  @Override
  public void handleCancelOk(String consumerTag) {
    events.accept(new SourceEvent.CancelOk(session));
  }

  @Override
  public void handleCancel(String consumerTag) {
    events.accept(new SourceEvent.CancelledByBroker(session));
  }
}
