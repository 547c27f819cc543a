package io.tributary.faults;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.tributary.connectors.nats.NatsSourceSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The workload on NATS JetStream: each event published and acknowledged by the stream before the next, the key in
 * {@code Tributary-Key}, the message id {@code Nats-Msg-Id} set to the event's id so a publish retried through a
 * server restart is stored once (the stream's duplicate window). The client reconnects on its own.
 */
final class NatsWorkloadProducer implements WorkloadProducer {

  private static final Duration RETRY_BOUND = Duration.ofMinutes(2);

  private final Connection connection;
  private final JetStream jetStream;
  private final String subjectPrefix;

  NatsWorkloadProducer(String url, String subjectPrefix) throws Exception {
    this.subjectPrefix = subjectPrefix;
    this.connection = Nats.connect(new Options.Builder().server(url).connectionName("tributary-faults-producer")
        .maxReconnects(-1).reconnectWait(Duration.ofMillis(200))
        .errorListener(new ErrorListener() {}) // the restart's refused reconnects are expected: not logged
        .build());
    this.jetStream = connection.jetStream();
  }

  @Override
  public void send(long id, String key, byte[] value) throws Exception {
    Headers headers = new Headers().add(NatsSourceSettings.DEFAULT_KEY_HEADER, key);
    NatsMessage message = NatsMessage.builder().subject(subjectPrefix + "." + key).headers(headers).data(value)
        .build();
    PublishOptions options = PublishOptions.builder().messageId("event-" + id).build();
    long deadline = System.nanoTime() + RETRY_BOUND.toNanos();
    while (true) {
      try {
        jetStream.publish(message, options);
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("NATS did not store event " + id + " within " + RETRY_BOUND, e);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // the retry interval while the server is away
      }
    }
  }

  @Override
  public void flush() {
    // every publish above waited for the stream's acknowledgement
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
