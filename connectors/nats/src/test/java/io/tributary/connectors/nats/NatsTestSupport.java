package io.tributary.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A connection to the real NATS server the tests use (127.0.0.1:4222 unless {@code
 * -Dtributary.nats.servers=...}), unique stream and subject names, publishing and reading helpers,
 * and clean-up: every stream a test creates, or registers, is deleted at {@link #close()}.
 */
final class NatsTestSupport implements AutoCloseable {

  static final String SERVERS = System.getProperty("tributary.nats.servers", "nats://127.0.0.1:4222");

  final Connection connection;
  final JetStreamManagement jsm;
  final JetStream js;
  private final List<String> streams = new CopyOnWriteArrayList<>();

  NatsTestSupport() {
    connection = NatsConnections.connect(SERVERS, Duration.ofSeconds(5), "tributary-test");
    try {
      jsm = connection.jetStreamManagement();
      js = connection.jetStream();
    } catch (IOException e) {
      throw new IllegalStateException("JetStream not available on " + SERVERS, e);
    }
  }

  /** @return a name no other test uses: {@code PREFIX_<random>} (valid as stream, durable and subject token) */
  static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** Creates a stream (deleted at close). */
  void createStream(String name, String... subjects) throws IOException, JetStreamApiException {
    streams.add(name);
    jsm.addStream(StreamConfiguration.builder().name(name).subjects(subjects)
        .storageType(StorageType.Memory).build());
  }

  /** Deletes {@code name} at close (a stream the code under test creates, such as a dead-letter stream). */
  void deleteAtClose(String name) {
    streams.add(name);
  }

  PublishAck publish(String subject, String data, String... headerPairs) throws Exception {
    Headers headers = new Headers();
    for (int i = 0; i + 1 < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], headerPairs[i + 1]);
    }
    return js.publish(NatsMessage.builder().subject(subject).headers(headers)
        .data(data.getBytes(StandardCharsets.UTF_8)).build());
  }

  /** Publishes many messages with a window of unacknowledged publishes; returns when all are acknowledged. */
  void publishAll(List<NatsMessage> messages) {
    List<CompletableFuture<PublishAck>> window = new ArrayList<>();
    for (NatsMessage m : messages) {
      window.add(js.publishAsync(m));
      if (window.size() == 1_000) {
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
        window.clear();
      }
    }
    CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).join();
  }

  long messageCount(String stream) throws IOException, JetStreamApiException {
    return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
  }

  /** @return every message stored in {@code stream}, by sequence */
  List<MessageInfo> messages(String stream) throws IOException, JetStreamApiException {
    long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
    List<MessageInfo> all = new ArrayList<>();
    for (long seq = 1; seq <= last; seq++) {
      all.add(jsm.getMessage(stream, seq));
    }
    return all;
  }

  static String text(MessageInfo info) {
    return new String(info.getData(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    for (String stream : streams) {
      try {
        jsm.deleteStream(stream);
      } catch (IOException | JetStreamApiException e) {
        // already gone, or never created
      }
    }
    NatsConnections.closeQuietly(connection);
  }
}
