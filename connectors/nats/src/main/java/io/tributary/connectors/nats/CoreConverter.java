package io.tributary.connectors.nats;

import io.nats.client.Message;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns core-NATS messages into envelopes: key from the key header (else the subject), position
 * {@code (subscribed subject, 0, n)} where n counts the messages this materialization received,
 * the time of receipt. A payload the decoder rejects is logged and dropped (at-most-once).
 *
 * @param <T> the payload type
 */
final class CoreConverter<T> implements MessageConverter<T> {

  private static final Logger log = LoggerFactory.getLogger(CoreConverter.class);

  private final NatsCoreSettings<T> settings;
  private long received;

  CoreConverter(NatsCoreSettings<T> settings) {
    this.settings = settings;
  }

  @Override
  public Envelope<T> convert(NatsAcknowledgement ack, Consumer<Throwable> failStream) {
    Message message = ack.message();
    SourcePosition position = new SourcePosition(settings.subject(), 0, ++received);
    byte[] data = message.getData() == null ? new byte[0] : message.getData();
    T payload;
    try {
      payload = settings.decoder().decode(data);
      if (payload == null) {
        throw new IllegalArgumentException("the decoder returned null");
      }
    } catch (Exception e) {
      log.warn("dropping core-NATS message {} on {}: its payload cannot be decoded ({})", position,
          message.getSubject(), e.toString());
      ack.ack();
      return null;
    }
    String key = NatsEnvelopes.keyOf(message, settings.keyHeader());
    return new Envelope<>(key, payload, NatsEnvelopes.headersOf(message), Instant.now(), position, ack,
        key.getBytes(StandardCharsets.UTF_8), data);
  }
}
