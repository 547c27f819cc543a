package io.tributary.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The startup checks of a JetStream source: the stream exists (or is created when the settings say
 * so) and the durable pull consumer exists with the settings' ack policy and limits. Every failure is
 * a {@link NatsSetupException} that names the stream or consumer and says what to do.
 */
final class JetStreamSetup {

  private static final Logger log = LoggerFactory.getLogger(JetStreamSetup.class);
  /** JetStream's API error code for "stream not found". */
  static final int STREAM_NOT_FOUND = 10059;

  private JetStreamSetup() {}

  /** Checks or creates the stream, creates or updates the consumer, and returns its context. */
  static ConsumerContext prepare(Connection connection, NatsSourceSettings<?> settings) {
    JetStreamManagement jsm = management(connection, settings.servers());
    ensureStream(jsm, settings);
    ensureConsumer(jsm, settings);
    try {
      return connection.getConsumerContext(settings.stream(), settings.durable());
    } catch (IOException | JetStreamApiException e) {
      throw new NatsSetupException("cannot open durable consumer '" + settings.durable() + "' of stream '"
          + settings.stream() + "': " + e, e);
    }
  }

  static JetStreamManagement management(Connection connection, String servers) {
    try {
      return connection.jetStreamManagement();
    } catch (IOException e) {
      throw new NatsSetupException("JetStream is not available on NATS " + servers + ": " + e
          + "; start nats-server with -js", e);
    }
  }

  private static void ensureStream(JetStreamManagement jsm, NatsSourceSettings<?> settings) {
    String stream = settings.stream();
    try {
      StreamInfo info = jsm.getStreamInfo(stream);
      log.debug("stream {} has subjects {}", stream, info.getConfiguration().getSubjects());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw new NatsSetupException("cannot read JetStream stream '" + stream + "' on " + settings.servers()
            + ": " + e.getErrorDescription() + " (api error " + e.getApiErrorCode() + ")", e);
      }
      if (settings.createStreamSubjects().isEmpty()) {
        throw new NatsSetupException("JetStream stream '" + stream + "' does not exist on " + settings.servers()
            + "; create it (e.g. nats stream add " + stream + " --subjects '<subjects>') or let the source "
            + "create it with NatsSourceSettings.withCreateStream(subjects...)", e);
      }
      createStream(jsm, settings);
    } catch (IOException e) {
      throw new NatsSetupException("no JetStream answer from NATS " + settings.servers() + " about stream '"
          + stream + "': " + e + "; is JetStream enabled (nats-server -js)?", e);
    }
  }

  private static void createStream(JetStreamManagement jsm, NatsSourceSettings<?> settings) {
    try {
      jsm.addStream(StreamConfiguration.builder()
          .name(settings.stream())
          .subjects(settings.createStreamSubjects())
          .storageType(StorageType.File)
          .build());
      log.info("created JetStream stream {} with subjects {}", settings.stream(), settings.createStreamSubjects());
    } catch (JetStreamApiException | IOException e) {
      throw new NatsSetupException("cannot create JetStream stream '" + settings.stream() + "' with subjects "
          + settings.createStreamSubjects() + ": " + e, e);
    }
  }

  private static void ensureConsumer(JetStreamManagement jsm, NatsSourceSettings<?> settings) {
    ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
        .durable(settings.durable())
        .ackPolicy(AckPolicy.Explicit)
        .deliverPolicy(DeliverPolicy.All)
        .ackWait(settings.ackWait())
        .maxAckPending(settings.maxAckPending())
        // Unlimited on the server: the source enforces maxDeliver itself and dead-letters the
        // message, where the server would leave it unacknowledged in the stream for good.
        .maxDeliver(-1);
    settings.filterSubject().ifPresent(config::filterSubject);
    try {
      jsm.addOrUpdateConsumer(settings.stream(), config.build());
    } catch (JetStreamApiException e) {
      throw new NatsSetupException("cannot create or update durable consumer '" + settings.durable()
          + "' on stream '" + settings.stream() + "': " + e.getErrorDescription() + " (api error "
          + e.getApiErrorCode() + "); an existing consumer of that name with another filter or deliver "
          + "policy must be deleted first (nats consumer rm " + settings.stream() + " " + settings.durable() + ")", e);
    } catch (IOException e) {
      throw new NatsSetupException("no JetStream answer creating consumer '" + settings.durable() + "' on stream '"
          + settings.stream() + "': " + e, e);
    }
  }
}
