package io.tributary.connectors.nats;

import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches from a durable pull consumer: one pull request per call for at most the asked number of
 * messages, answered as soon as at least one is there ({@code no_wait} with expiry), so the server
 * never hands out more than the stage asked for.
 */
final class JetStreamFetcher implements Fetcher {

  private static final Logger log = LoggerFactory.getLogger(JetStreamFetcher.class);

  private final ConsumerContext consumer;
  private final long waitMillis;

  JetStreamFetcher(ConsumerContext consumer, Duration wait) {
    this.consumer = consumer;
    this.waitMillis = wait.toMillis();
  }

  @Override
  public List<Message> fetch(int max) throws Exception {
    FetchConsumeOptions options = FetchConsumeOptions.builder()
        .maxMessages(max)
        .noWaitExpiresIn(waitMillis)
        .build();
    List<Message> messages = new ArrayList<>(Math.min(max, 1024));
    try (FetchConsumer fetch = consumer.fetch(options)) {
      Message m;
      while ((m = fetch.nextMessage()) != null) {
        messages.add(m);
      }
    } catch (Exception e) {
      if (messages.isEmpty()) {
        throw e;
      }
      // Hand over what arrived; the next fetch meets the error again if it persists.
      log.warn("fetch from {} ended early after {} messages: {}", consumer.getConsumerName(),
          messages.size(), e.toString());
    }
    return messages;
  }

  @Override
  public void release(Message message) {
    try {
      message.nak();
    } catch (RuntimeException e) {
      log.debug("nak of a released message failed (redelivered after the ack wait): {}", e.toString());
    }
  }

  @Override
  public void close() {
    // Each fetch closes its own subscription; nothing stays open between fetches.
  }
}
