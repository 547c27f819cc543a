package io.tributary.samples.demo;

import io.tributary.actors.consumer.HubConsumer;
import io.tributary.streams.BroadcastChannel.Policy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints every 10,000th event it sees, best effort: a LAG subscriber never holds the pipeline back
 * and is told when it missed events (a live dashboard's stance).
 */
final class Sampler implements DemoSubscriber {
  private final AtomicLong seen = new AtomicLong();
  private final AtomicLong missed = new AtomicLong();

  @Override
  public String name() {
    return "sampler";
  }

  @Override
  public Policy policy() {
    return Policy.LAG;
  }

  @Override
  public HubConsumer.Handler<ProcessedEvent> handler(Tally tally) {
    return new HubConsumer.Handler<>() {
      @Override
      public void onEvent(ProcessedEvent event) {
        long n = seen.incrementAndGet();
        if (n % 10_000 == 0) {
          System.out.println("sample #" + n + ": id=" + event.id() + " key=" + event.key() + " seq="
              + event.seq() + " partition=" + event.partition() + " offset=" + event.offset());
        }
      }

      @Override
      public void onLagged(long n) {
        missed.addAndGet(n);
      }
    };
  }

  @Override
  public void report() {
    System.out.println("sampler: saw " + seen.get() + " events, skipped " + missed.get() + " (LAG)");
  }
}
