package io.tributary.cli.broker;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.tributary.connectors.nats.NatsConnections;
import io.tributary.connectors.nats.NatsSecurity;
import io.tributary.streams.settings.Secrets;
import io.tributary.connectors.nats.NatsSetupException;
import io.tributary.connectors.nats.NatsSink;
import io.tributary.connectors.nats.NatsSourceSettings;
import io.tributary.cli.commands.CommandFailedException;
import io.tributary.cli.commands.SampleProducer;
import io.tributary.cli.commands.SampleRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code produce --nats-url}: creates the stream unless it exists (file storage, subjects {@code
 * [--subject]}), then publishes each record to the subject through JetStream ({@link NatsSink}),
 * counting it once the stream acknowledged it, with the key in header {@value
 * NatsSourceSettings#DEFAULT_KEY_HEADER}. Without {@code --subject} it publishes to an existing
 * stream's only literal subject, or names a new stream's subject after the stream.
 */
public final class NatsProduceTarget implements ProduceTarget {

  private static final Logger log = LoggerFactory.getLogger(NatsProduceTarget.class);
  /** JetStream's API error code for "stream not found". */
  private static final int STREAM_NOT_FOUND = 10059;
  private static final int MAX_IN_FLIGHT = 1024;

  private final String url;
  private final String stream;
  private final String subject;
  private final Duration timeout;
  private final NatsSecurity security;

  /**
   * @param subject where to publish, or null (see the class comment)
   * @param timeout the bound on connecting
   */
  public NatsProduceTarget(String url, String stream, String subject, Duration timeout) {
    this(url, stream, subject, timeout, java.util.Map.of());
  }

  /**
   * @param subject where to publish, or null (see the class comment)
   * @param timeout the bound on connecting
   * @param clientConfig TLS and authentication ({@link ClientSecurity#nats}), empty for none
   */
  public NatsProduceTarget(String url, String stream, String subject, Duration timeout,
      java.util.Map<String, String> clientConfig) {
    this.security = ClientSecurity.nats(clientConfig);
    if (url.isBlank()) {
      throw new IllegalArgumentException("--nats-url must not be empty");
    }
    if (!stream.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("--stream must be letters, digits, '-' or '_' (no dots, wildcards or "
          + "spaces), was '" + stream + "'");
    }
    if (subject != null && (subject.isEmpty() || subject.contains(" ") || subject.contains("*")
        || subject.contains(">"))) {
      throw new IllegalArgumentException("--subject must be a subject without spaces or wildcards, was '"
          + subject + "'");
    }
    this.url = url;
    this.stream = stream;
    this.subject = subject;
    this.timeout = timeout;
  }

  @Override
  public String destination() {
    return stream;
  }

  @Override
  public String broker() {
    return Secrets.uri(url);
  }

  @Override
  public SampleProducer.Outcome produce(long count, int keys) {
    Duration connect = timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10);
    Connection connection;
    try {
      connection = NatsConnections.connect(url, security, connect, "tributary-produce");
    } catch (NatsSetupException e) {
      throw new CommandFailedException(e.getMessage(), e);
    }
    try {
      String target = ensureStream(connection);
      Flow<Long, PublishAck, org.apache.pekko.NotUsed> publish = Flow.<Long>create()
          .<io.nats.client.Message>map(i -> message(target, i, keys))
          .via(NatsSink.publishFlow(connection, MAX_IN_FLIGHT))
          .map(ack -> {
            if (!stream.equals(ack.getStream())) {
              throw new IllegalStateException("subject '" + target + "' is stored by stream '" + ack.getStream()
                  + "', not '" + stream + "'; choose a subject of " + stream + " with --subject");
            }
            return ack;
          });
      return ConfirmedPublishing.run(stream, count, publish);
    } finally {
      try {
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Creates the stream unless it exists; returns the subject to publish to. */
  private String ensureStream(Connection connection) {
    JetStreamManagement jsm;
    try {
      jsm = connection.jetStreamManagement();
    } catch (IOException e) {
      throw new CommandFailedException("JetStream is not available on NATS " + url + ": " + e
          + "; start nats-server with -js", e);
    }
    try {
      StreamInfo info = jsm.getStreamInfo(stream);
      List<String> subjects = info.getConfiguration().getSubjects();
      log.info("stream {} exists with subjects {}; keeping it as it is", stream, subjects);
      if (subject != null) {
        return subject;
      }
      List<String> literal = subjects.stream().filter(s -> !s.contains("*") && !s.contains(">")).toList();
      if (literal.size() != 1) {
        throw new CommandFailedException("stream '" + stream + "' has the subjects " + subjects
            + "; say which one to publish to with --subject", null);
      }
      return literal.get(0);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw new CommandFailedException("cannot read JetStream stream '" + stream + "' on " + url + ": "
            + e.getErrorDescription(), e);
      }
    } catch (IOException e) {
      throw new CommandFailedException("no JetStream answer from NATS " + url + " about stream '" + stream
          + "': " + e + "; is JetStream enabled (nats-server -js)?", e);
    }
    String target = subject != null ? subject : stream;
    try {
      jsm.addStream(StreamConfiguration.builder().name(stream).subjects(target)
          .storageType(StorageType.File).build());
      log.info("created JetStream stream {} with subject {} on {}", stream, target, url);
      return target;
    } catch (JetStreamApiException | IOException e) {
      throw new CommandFailedException("cannot create JetStream stream '" + stream + "' with subject '" + target
          + "' on " + url + ": " + e.getMessage(), e);
    }
  }

  private static io.nats.client.Message message(String subject, long i, int keys) {
    Headers headers = new Headers().add(NatsSourceSettings.DEFAULT_KEY_HEADER, SampleRecords.key(i, keys));
    return NatsMessage.builder().subject(subject).headers(headers)
        .data(SampleRecords.value(i, keys).getBytes(StandardCharsets.UTF_8)).build();
  }
}
