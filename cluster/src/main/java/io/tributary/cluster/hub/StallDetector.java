package io.tributary.cluster.hub;

import java.time.Duration;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;

/**
 * Fails the stream when downstream has been waiting for an element for longer than {@code
 * timeout} (unlike {@code idleTimeout}, time during which downstream backpressures does not
 * count). Placed right after a remote subscription's StreamRef: while downstream waits, the
 * StreamRef has demand outstanding at the publishing node, whose session sends a keep-alive at
 * least every {@link ClusterHub#KEEP_ALIVE}; silence for longer means the messages are lost (a
 * partition) or cannot come, and the subscription resumes. Not public API.
 *
 * @param <T> the elements' type
 */
final class StallDetector<T> extends GraphStage<FlowShape<T, T>> {

  /** The failure of a stalled stream. */
  static final class StalledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StalledException(String message) {
      super(message);
    }
  }

  private static final String TIMER = "stalled";

  private final Duration timeout;
  private final Inlet<T> in = Inlet.create("StallDetector.in");
  private final Outlet<T> out = Outlet.create("StallDetector.out");
  private final FlowShape<T, T> shape = FlowShape.of(in, out);

  StallDetector(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public FlowShape<T, T> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new TimerGraphStageLogic(shape) {
      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            cancelTimer(TIMER);
            push(out, grab(in));
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            scheduleOnce(TIMER, timeout);
            pull(in);
          }
        });
      }

      @Override
      public void onTimer(Object key) {
        failStage(new StalledException("no element for " + timeout.toMillis() + " ms while demanded"));
      }
    };
  }
}
