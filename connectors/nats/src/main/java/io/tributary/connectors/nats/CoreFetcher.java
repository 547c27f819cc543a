package io.tributary.connectors.nats;

import io.nats.client.Message;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes what a core-NATS subscription received: waits for the first message, then takes what is
 * already there, up to the asked number. The client holds at most the subscription's pending limit;
 * beyond it the client drops messages (core NATS is at-most-once).
 */
final class CoreFetcher implements Fetcher {

  private static final Logger log = LoggerFactory.getLogger(CoreFetcher.class);
  private static final Duration NO_WAIT = Duration.ofMillis(1);

  private final Subscription subscription;
  private final Duration wait;

  CoreFetcher(Subscription subscription, Duration wait) {
    this.subscription = subscription;
    this.wait = wait;
  }

  @Override
  public List<Message> fetch(int max) throws Exception {
    Message first = subscription.nextMessage(wait);
    if (first == null) {
      return List.of();
    }
    List<Message> messages = new ArrayList<>(Math.min(max, 256));
    messages.add(first);
    while (messages.size() < max && subscription.getPendingMessageCount() > 0) {
      Message m = subscription.nextMessage(NO_WAIT);
      if (m == null) {
        break;
      }
      messages.add(m);
    }
    return messages;
  }

  @Override
  public void release(Message message) {
    // Core NATS has no redelivery: a message handed back is dropped.
  }

  @Override
  public void close() {
    try {
      if (subscription.isActive()) {
        subscription.unsubscribe();
      }
    } catch (RuntimeException e) {
      log.debug("unsubscribing from {} failed: {}", subscription.getSubject(), e.toString());
    }
  }
}
