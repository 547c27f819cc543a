package io.tributary.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.tributary.streams.deadletter.DeadLetter;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.streams.deadletter.DeadLetterStage;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.Header;
import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.processing.ProcessingFailure;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where NATS messages go that cannot be processed: publishes the original data and headers with
 * the {@link DeadLetterHeaders} of every broker (the error and the origin, with the subject and the delivery count) to a dead-letter subject through
 * JetStream, and completes only once the server acknowledged the publish, so a message is
 * acknowledged at its source only after its dead letter is stored. Pass it to {@code
 * Processing.flow(settings, handler, deadLetters)} for the {@code DEAD_LETTER} failure policy.
 *
 * <p>Created {@linkplain #create(Connection, NatsSourceSettings) for a source}, it first gives a
 * failed message more deliveries: while the message was delivered fewer than the source's
 * max-deliver times (and nak-on-failure is on), {@link #deadLetter} naks it with the source's delay
 * instead of publishing, and the server redelivers it; the last failed delivery is published. Write
 * directly with {@link #write} to skip that.
 *
 * <p>Server-interpreted {@code Nats-*} headers of the original are not copied; the dead letter's
 * {@code Nats-Msg-Id} is {@code tributary-dlq:<stream>:<partition>:<sequence>}, so writing the same
 * message twice within the dead-letter stream's duplicate window stores it once. The dead-letter
 * subject must be captured by a stream other than the source's (checked at creation). Uses the
 * connection it is given and never closes it.
 *
 * @param <T> the payload type of the envelopes it accepts
 */
public final class NatsDeadLetterSink<T> implements DeadLetterSink<T> {

  private static final Logger log = LoggerFactory.getLogger(NatsDeadLetterSink.class);
  private static final long PUBLISH_TIMEOUT_SECONDS = 30;

  private final JetStream jetStream;
  private final String subject;
  private final NatsSourceSettings<?> redelivery;

  private NatsDeadLetterSink(Connection connection, String subject, NatsSourceSettings<?> redelivery) {
    try {
      this.jetStream = connection.jetStream();
    } catch (IOException e) {
      throw new NatsSetupException("cannot open JetStream on the NATS connection: " + e, e);
    }
    this.subject = subject;
    this.redelivery = redelivery;
  }

  /**
   * A sink for the source configured by {@code settings}: dead letters go to {@code
   * settings.deadLetterSubject()}, failed messages are nak'd until the max-deliver limit when the
   * settings say so. Makes sure a stream captures the subject, creating {@code
   * settings.deadLetterStream()} unless the settings forbid it.
   *
   * @throws NatsSetupException when no stream captures the subject and none may be created, or when
   *     the source stream itself captures it (dead letters would be consumed again)
   */
  public static <T> NatsDeadLetterSink<T> create(Connection connection, NatsSourceSettings<?> settings) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(settings, "settings");
    prepare(connection, settings.deadLetterSubject(), settings.stream(),
        settings.createDeadLetterStream() ? settings.deadLetterStream() : null);
    return new NatsDeadLetterSink<>(connection, settings.deadLetterSubject(), settings);
  }

  /**
   * A sink publishing every dead letter to {@code subject} at once (no nak path).
   *
   * @throws NatsSetupException when no stream captures {@code subject}
   */
  public static <T> NatsDeadLetterSink<T> create(Connection connection, String subject) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(subject, "subject");
    prepare(connection, subject, null, null);
    return new NatsDeadLetterSink<>(connection, subject, null);
  }

  /** @return the dead-letter subject */
  public String subject() {
    return subject;
  }

  /**
   * Naks the message for redelivery if it has deliveries left (see the class comment), otherwise
   * publishes it; completes once it was nak'd or the dead letter is stored. A message the handler
   * already acknowledged or nak'd itself is left as it is.
   */
  @Override
  public CompletionStage<Done> deadLetter(Envelope<T> envelope, ProcessingFailure failure) {
    Optional<NatsAcknowledgement> nats = NatsAcknowledgement.of(envelope);
    if (nats.isPresent() && nats.get().isSettled()) {
      // The handler acknowledged or nak'd it itself before failing: its decision stands.
      log.info("not dead-lettering {}: the handler already settled it (failure: {})", envelope.position(),
          failure.errorClass());
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    if (redelivery != null && redelivery.nakOnFailure().isPresent() && nats.isPresent()) {
      long delivered = nats.get().deliveredCount();
      if (delivered < redelivery.maxDeliver()) {
        Duration delay = redelivery.nakDelayAfter(delivered);
        log.info("nak'd {} for redelivery in {} ms after delivery {} of {} failed: {}", envelope.position(),
            delay.toMillis(), delivered, redelivery.maxDeliver(), failure.errorClass());
        nats.get().nak(delay);
        return CompletableFuture.completedFuture(Done.getInstance());
      }
    }
    return write(envelope, failure, DeadLetterStage.HANDLER);
  }

  /**
   * Publishes the dead letter of a message this connector delivered, adding its subject and
   * delivery count to the origin; completes once the server acknowledged the publish.
   */
  @Override
  public CompletionStage<Done> write(Envelope<?> envelope, ProcessingFailure failure, DeadLetterStage stage) {
    DeadLetter deadLetter = DeadLetter.of(envelope, failure, stage);
    Optional<NatsAcknowledgement> nats = NatsAcknowledgement.of(envelope);
    if (nats.isPresent()) {
      deadLetter = deadLetter.withOrigin(DeadLetterHeaders.ORIGINAL_SUBJECT, nats.get().message().getSubject())
          .withOrigin(DeadLetterHeaders.DELIVERIES, Long.toString(nats.get().deliveredCount()));
    }
    return write(deadLetter);
  }

  /**
   * Publishes a dead letter to the dead-letter subject; completes once the server acknowledged the
   * publish, fails after 30 s without. Header values are cleaned for NATS (US-ASCII, no line breaks,
   * at most 1,024 characters).
   */
  @Override
  public CompletionStage<Done> write(DeadLetter deadLetter) {
    try {
      Headers headers = new Headers();
      NatsEnvelopes.copyInto(deadLetter.originalHeaders(), headers, true);
      headers.put("Nats-Msg-Id", NatsEnvelopes.clean("tributary-dlq:" + deadLetter.origin().source() + ":"
          + deadLetter.origin().partition() + ":" + deadLetter.origin().offset()));
      for (Header h : deadLetter.headers()) {
        put(headers, h.key(), h.valueAsString());
      }
      Message message = NatsMessage.builder().subject(subject).headers(headers).data(deadLetter.value()).build();
      return jetStream.publishAsync(message)
          .orTimeout(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .handle((ack, error) -> {
            if (error != null) {
              throw new IllegalStateException("dead-letter publish of " + deadLetter.origin() + " to '" + subject
                  + "' was not acknowledged: " + (error.getCause() != null ? error.getCause() : error), error);
            }
            log.info("dead-lettered {} ({}) to {} seq {}: {}", deadLetter.origin(), deadLetter.stage().headerValue(),
                subject, ack.getSeqno(), deadLetter.errorClass());
            return Done.getInstance();
          });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private static void put(Headers headers, String name, String value) {
    headers.put(name, NatsEnvelopes.clean(value));
  }

  /**
   * Makes sure a stream other than {@code sourceStream} captures {@code subject}, creating {@code
   * createAs} (when not null) if none does.
   */
  private static void prepare(Connection connection, String subject, String sourceStream, String createAs) {
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      List<String> capturing = jsm.getStreamNames(subject);
      if (sourceStream != null && capturing.contains(sourceStream)) {
        throw new NatsSetupException("dead-letter subject '" + subject + "' is captured by the source stream '"
            + sourceStream + "' itself, so dead letters would be consumed again; choose a subject outside "
            + "its subjects with withDeadLetterSubject(...)");
      }
      if (!capturing.isEmpty()) {
        return;
      }
      if (createAs == null) {
        throw new NatsSetupException("no JetStream stream captures dead-letter subject '" + subject
            + "'; create one (e.g. nats stream add DLQ --subjects '" + subject + "') or let the source create it");
      }
      jsm.addStream(StreamConfiguration.builder()
          .name(createAs)
          .subjects(subject)
          .storageType(StorageType.File)
          .build());
      log.info("created dead-letter stream {} for subject {}", createAs, subject);
    } catch (JetStreamApiException e) {
      throw new NatsSetupException("cannot prepare dead-letter subject '" + subject + "'"
          + (createAs == null ? "" : " (stream '" + createAs + "')") + ": " + e.getErrorDescription()
          + " (api error " + e.getApiErrorCode() + "); check for a stream of that name with other subjects, "
          + "or set another subject with withDeadLetterSubject(...)", e);
    } catch (IOException e) {
      throw new NatsSetupException("cannot prepare dead-letter subject '" + subject + "': " + e
          + "; is JetStream enabled on the server (nats-server -js)?", e);
    }
  }
}
