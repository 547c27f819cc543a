package io.tributary.streams;

import io.tributary.streams.BroadcastChannel.Closed;
import io.tributary.streams.BroadcastChannel.Lagged;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Emits a receiver's values on demand. Skips lagged values (they are counted by the receiver),
 * completes when the channel is closed and drained, and closes the receiver when it stops.
 *
 * <p>A receiver feeds one stream: a second materialization fails without touching the receiver, so
 * the stream that holds it keeps going.
 */
final class ReceiverSourceStage<T> extends GraphStage<SourceShape<T>> {

  private final ChannelReceiver<T> receiver;
  private final Outlet<T> out = Outlet.create("BroadcastChannel.Receiver.out");
  private final SourceShape<T> shape = SourceShape.of(out);

  ReceiverSourceStage(ChannelReceiver<T> receiver) {
    this.receiver = receiver;
  }

  @Override
  public SourceShape<T> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new GraphStageLogic(shape) {
      private final AsyncCallback<Object> onAvailable = createAsyncCallback(ignored -> emitNext());
      private final Runnable waker = () -> onAvailable.invoke(Boolean.TRUE);
      /** Whether this stage won the receiver; only the winner may close it. */
      private boolean claimed;

      {
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            emitNext();
          }

          @Override
          public void onDownstreamFinish(Throwable cause) throws Exception {
            releaseReceiver();
            super.onDownstreamFinish(cause);
          }
        });
      }

      @Override
      public void preStart() {
        claimed = receiver.claimSource();
        if (!claimed) {
          failStage(new IllegalStateException(
              "a receiver's source() can be materialized once; subscribe another receiver for a second stream"));
        }
      }

      private void emitNext() {
        if (!isAvailable(out)) {
          return;
        }
        while (true) {
          T value;
          try {
            value = receiver.poll();
          } catch (Lagged lagged) {
            continue; // skipped values are counted in receiver.missed()
          } catch (Closed closed) {
            completeStage();
            return;
          }
          if (value != null) {
            push(out, value);
            return;
          }
          receiver.whenAvailable(waker);
          return;
        }
      }

      @Override
      public void postStop() {
        releaseReceiver();
      }

      private void releaseReceiver() {
        if (claimed) {
          receiver.close();
        }
      }
    };
  }
}
