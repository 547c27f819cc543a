package io.tributary.pipeline.component;

import io.tributary.pipeline.event.Delivery;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A started sink. It calls {@link Delivery#done()} on each delivery once the destination accepted
 * the event (written and flushed, acknowledged by the broker, in the hub), never before.
 */
public interface RunningSink {

  /**
   * @return the sink; materialized exactly once. Its value completes once the stream ended and
   *     everything accepted was flushed and closed, or fails with the sink's error.
   */
  Sink<Delivery, CompletionStage<Done>> sink();

  /**
   * @return a flow the deliveries from input {@code input} pass before they are merged with the
   *     other inputs (console_stats counts per input here); identity by default
   */
  default Flow<Delivery, Delivery, NotUsed> edge(String input) {
    return Flow.create();
  }

  /** @return a sink from a stream sink, with the identity edge */
  static RunningSink of(Sink<Delivery, CompletionStage<Done>> sink) {
    return () -> sink;
  }
}
