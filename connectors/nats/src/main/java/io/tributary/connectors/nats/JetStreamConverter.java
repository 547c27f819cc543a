package io.tributary.connectors.nats;

import io.nats.client.Message;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.tributary.streams.deadletter.DeadLetterStage;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.envelope.SourcePosition;
import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.processing.ProcessingFailure;
import io.tributary.streams.processing.ProcessingStoppedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns JetStream messages into envelopes: key from the key header (else the subject), position
 * {@code (stream, 0, stream sequence)}, the server's timestamp. A payload the decoder rejects, and a
 * message delivered more often than the max-deliver limit, go to the dead-letter subject and are
 * acknowledged once the dead letter is stored; if that write fails, the stream fails without
 * acknowledging (the message comes back after a restart).
 *
 * @param <T> the payload type
 */
final class JetStreamConverter<T> implements MessageConverter<T> {

  private static final Logger log = LoggerFactory.getLogger(JetStreamConverter.class);

  private final NatsSourceSettings<T> settings;
  private final DeadLetterSink<?> deadLetters;

  JetStreamConverter(NatsSourceSettings<T> settings, DeadLetterSink<?> deadLetters) {
    this.settings = settings;
    this.deadLetters = deadLetters;
  }

  @Override
  public Envelope<T> convert(NatsAcknowledgement ack, Consumer<Throwable> failStream) {
    Message message = ack.message();
    NatsJetStreamMetaData meta = message.metaData();
    String key = NatsEnvelopes.keyOf(message, settings.keyHeader());
    byte[] rawKey = key.getBytes(StandardCharsets.UTF_8);
    List<Header> headers = NatsEnvelopes.headersOf(message);
    Instant timestamp = meta.timestamp() == null ? Instant.now() : meta.timestamp().toInstant();
    SourcePosition position = new SourcePosition(meta.getStream(), 0, meta.streamSequence());
    byte[] data = message.getData() == null ? new byte[0] : message.getData();
    if (ack.deliveredCount() > settings.maxDeliver()) { // the server's count can repeat: see DeliveryCounts
      Exception reason = new IllegalStateException("delivered " + ack.deliveredCount()
          + " times, more than maxDeliver " + settings.maxDeliver() + "; dead-lettered without processing it again");
      deadLetter(new Envelope<>(key, data, headers, timestamp, position, ack, rawKey, data),
          ProcessingFailure.of(reason, 0, Instant.now()), DeadLetterStage.MAX_DELIVER, failStream);
      return null;
    }
    T payload;
    try {
      payload = settings.decoder().decode(data);
      if (payload == null) {
        throw new IllegalArgumentException("the decoder returned null");
      }
    } catch (Exception e) {
      log.warn("payload of {} cannot be decoded ({}); dead-lettering it", position, e.toString());
      deadLetter(new Envelope<>(key, data, headers, timestamp, position, ack, rawKey, data),
          ProcessingFailure.of(e, 1, Instant.now()), DeadLetterStage.DECODE, failStream);
      return null;
    }
    return new Envelope<>(key, payload, headers, timestamp, position, ack, rawKey, data);
  }

  private void deadLetter(Envelope<byte[]> envelope, ProcessingFailure failure, DeadLetterStage stage,
      Consumer<Throwable> failStream) {
    NatsAcknowledgement ack = (NatsAcknowledgement) envelope.ack();
    deadLetters.write(envelope, failure, stage).whenComplete((done, error) -> {
      if (error == null) {
        ack.ack();
      } else {
        log.error("dead-letter write for {} ({}) failed; stopping without acknowledging it",
            envelope.position(), stage.headerValue(), error);
        failStream.accept(new ProcessingStoppedException("dead-letter write failed (stage " + stage.headerValue() + ")",
            envelope.position(), error));
      }
    });
  }
}
