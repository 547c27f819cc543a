package io.tributary.streams.lifecycle;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * What every broker source's control offers a {@link SourceRunner}: stop taking messages, and count
 * the acknowledged ones. Kafka, AMQP and NATS controls add their own broker-specific operations.
 */
public interface SourceControl {

  /** Stops intake (no more fetching or deliveries); messages already handed out still finish. */
  CompletionStage<Done> stop();

  /** @return how many messages were acknowledged at their source so far */
  long acknowledged();
}
