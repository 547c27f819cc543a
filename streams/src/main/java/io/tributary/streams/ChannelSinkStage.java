package io.tributary.streams;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.AbruptStageTerminationException;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.SinkShape;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;

/**
 * Sends a stream's elements into a channel with backpressure, then closes the channel when the
 * stream ends (after the last element is in). Materializes to a stage that completes then.
 */
final class ChannelSinkStage<T>
    extends AbstractGraphStageWithMaterializedValue<SinkShape<T>, CompletionStage<Done>> {

  private final BroadcastChannel<T> channel;
  private final Inlet<T> in = Inlet.create("BroadcastChannel.sink.in");
  private final SinkShape<T> shape = SinkShape.of(in);

  ChannelSinkStage(BroadcastChannel<T> channel) {
    this.channel = channel;
  }

  @Override
  public SinkShape<T> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, CompletionStage<Done>> createLogicAndMaterializedValuePair(
      Attributes inheritedAttributes) {
    CompletableFuture<Done> done = new CompletableFuture<>();
    GraphStageLogic logic = new GraphStageLogic(shape) {
      private final AsyncCallback<Throwable> onSent = createAsyncCallback(this::sent);
      private boolean parked;
      private boolean upstreamFinished;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            T value = grab(in);
            boolean sentNow;
            try {
              sentNow = channel.sendOrPark(value, error -> onSent.invoke(error == null ? NO_ERROR : error));
            } catch (BroadcastChannel.Closed closed) {
              fail(closed);
              return;
            }
            if (sentNow) {
              pull(in);
            } else {
              parked = true;
            }
          }

          @Override
          public void onUpstreamFinish() {
            upstreamFinished = true;
            if (parked) {
              // With its only port closed the stage would stop at once and lose the parked value.
              setKeepGoing(true);
            } else {
              finish();
            }
          }

          @Override
          public void onUpstreamFailure(Throwable ex) {
            channel.close();
            fail(ex);
          }
        });
      }

      @Override
      public void preStart() {
        pull(in);
      }

      private void sent(Throwable error) {
        parked = false;
        if (error != NO_ERROR) {
          fail(error);
        } else if (upstreamFinished) {
          finish();
        } else {
          pull(in);
        }
      }

      private void finish() {
        channel.close();
        done.complete(Done.getInstance());
        completeStage();
      }

      private void fail(Throwable error) {
        done.completeExceptionally(error);
        failStage(error);
      }

      @Override
      public void postStop() {
        if (!done.isDone()) {
          done.completeExceptionally(new AbruptStageTerminationException(this));
        }
      }
    };
    return Pair.create(logic, done);
  }

  /** Async callbacks cannot carry null: this stands for "sent without error". */
  private static final Throwable NO_ERROR = new Throwable("sent", null, false, false) {};
}
