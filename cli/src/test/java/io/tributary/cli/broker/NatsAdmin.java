package io.tributary.cli.broker;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test access to the real NATS JetStream on 127.0.0.1:4222 (override with {@code
 * -Dtributary.nats.url}): unique names, streams deleted at {@link #close()} (with their {@code
 * _DLQ} streams), reading streams and consumer state.
 */
public final class NatsAdmin implements AutoCloseable {

  public static final String URL = System.getProperty("tributary.nats.url", "nats://127.0.0.1:4222");

  private final Connection connection;
  private final JetStreamManagement jsm;
  private final JetStream js;
  private final List<String> streams = new CopyOnWriteArrayList<>();

  public NatsAdmin() {
    try {
      connection = Nats.connect(new Options.Builder().server(URL).connectionTimeout(Duration.ofSeconds(5)).build());
      jsm = connection.jetStreamManagement();
      js = connection.jetStream();
    } catch (Exception e) {
      throw new IllegalStateException("NATS JetStream is not reachable at " + URL + ": " + e, e);
    }
  }

  /** @return a fresh stream name; it and {@code <name>_DLQ} are deleted at close */
  public String streamName(String prefix) {
    String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    streams.add(name);
    streams.add(name + "_DLQ");
    return name;
  }

  /** Creates a stream (memory storage) with these subjects. */
  public void createStream(String name, String... subjects) throws Exception {
    jsm.addStream(StreamConfiguration.builder().name(name).subjects(subjects).storageType(StorageType.Memory).build());
  }

  /** Publishes through JetStream, with the key in {@code Tributary-Key}. */
  public void publish(String subject, String data, String key) throws Exception {
    js.publish(NatsMessage.builder().subject(subject).headers(new Headers().add("Tributary-Key", key))
        .data(data.getBytes(StandardCharsets.UTF_8)).build());
  }

  /** @return whether the stream exists */
  public boolean exists(String stream) {
    try {
      jsm.getStreamInfo(stream);
      return true;
    } catch (JetStreamApiException e) {
      return false;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** @return the messages the stream holds */
  public long messageCount(String stream) throws Exception {
    return jsm.getStreamInfo(stream).getStreamState().getMsgCount();
  }

  /** @return the subjects of the stream */
  public List<String> subjects(String stream) throws Exception {
    return jsm.getStreamInfo(stream).getConfiguration().getSubjects();
  }

  /** @return every message of the stream, in sequence order */
  public List<MessageInfo> readAll(String stream) throws Exception {
    long last = jsm.getStreamInfo(stream).getStreamState().getLastSequence();
    List<MessageInfo> result = new ArrayList<>();
    for (long seq = 1; seq <= last; seq++) {
      result.add(jsm.getMessage(stream, seq));
    }
    return result;
  }

  /** @return the durable consumer's state on the server */
  public ConsumerInfo consumer(String stream, String durable) throws Exception {
    return jsm.getConsumerInfo(stream, durable);
  }

  /** Deletes the streams handed out, then closes the connection. */
  @Override
  public void close() throws Exception {
    for (String stream : streams) {
      try {
        jsm.deleteStream(stream);
      } catch (JetStreamApiException e) {
        // never created, or already gone
      }
    }
    connection.close();
  }
}
