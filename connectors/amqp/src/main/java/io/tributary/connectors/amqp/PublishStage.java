package io.tributary.connectors.amqp;

import java.util.ArrayDeque;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;

/**
 * Publishes each element's message with publisher confirms and emits the element, in order, once
 * the broker confirmed it. At most {@code maxInFlight} elements wait for their confirm; upstream
 * is backpressured beyond that. The first failed publish (returned, nacked, timed out, connection
 * lost) fails the stage. Each materialization has its own connection, opened when it starts
 * (pulling only once it is open) and closed when it stops.
 */
final class PublishStage<E> extends GraphStage<FlowShape<E, E>> {

  private final AmqpSinkSettings settings;
  private final Function<? super E, OutgoingMessage> toMessage;
  private final Inlet<E> in = Inlet.create("AmqpSink.in");
  private final Outlet<E> out = Outlet.create("AmqpSink.out");
  private final FlowShape<E, E> shape = FlowShape.of(in, out);

  PublishStage(AmqpSinkSettings settings, Function<? super E, OutgoingMessage> toMessage) {
    this.settings = settings;
    this.toMessage = toMessage;
  }

  @Override
  public FlowShape<E, E> shape() {
    return shape;
  }

  /** An element waiting for its confirm, then for demand. */
  private static final class Pending<E> {
    final E element;
    boolean confirmed;

    Pending(E element) {
      this.element = element;
    }
  }

  private record Outcome<E>(Pending<E> pending, Throwable error) {}

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private final ArrayDeque<Pending<E>> window = new ArrayDeque<>();
      private final AsyncCallback<Throwable> onOpened = createAsyncCallback(this::opened);
      private final AsyncCallback<Outcome<E>> onConfirmed = createAsyncCallback(this::confirmed);
      private ConfirmingPublisher publisher;
      private boolean open;
      private boolean upstreamDone;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            publish(grab(in));
          }

          @Override
          public void onUpstreamFinish() {
            upstreamDone = true;
            completeIfDone();
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            emitConfirmed();
          }
        });
      }

      @Override
      public void preStart() {
        publisher = new ConfirmingPublisher(settings.connection(), settings.declarations(), "publisher",
            settings.confirmTimeout());
        publisher.open().whenComplete((done, error) -> onOpened.invoke(unwrap(error)));
      }

      private void opened(Throwable error) {
        if (error != null) {
          failStage(error);
          return;
        }
        open = true;
        pullIfRoom();
      }

      private void publish(E element) {
        OutgoingMessage message;
        try {
          message = toMessage.apply(element);
          if (message == null) {
            throw new NullPointerException("the message function returned null for " + element);
          }
        } catch (RuntimeException e) {
          failStage(e);
          return;
        }
        Pending<E> pending = new Pending<>(element);
        window.add(pending);
        publisher.publish(message)
            .whenComplete((done, error) -> onConfirmed.invoke(new Outcome<>(pending, unwrap(error))));
        pullIfRoom();
      }

      private void confirmed(Outcome<E> outcome) {
        if (outcome.error() != null) {
          failStage(outcome.error());
          return;
        }
        outcome.pending().confirmed = true;
        emitConfirmed();
      }

      private void emitConfirmed() {
        if (!window.isEmpty() && window.peek().confirmed && isAvailable(out)) {
          push(out, window.poll().element);
        }
        pullIfRoom();
        completeIfDone();
      }

      private void pullIfRoom() {
        if (open && window.size() < settings.maxInFlight() && !hasBeenPulled(in) && !isClosed(in)) {
          pull(in);
        }
      }

      private void completeIfDone() {
        if (upstreamDone && window.isEmpty()) {
          completeStage();
        }
      }

      @Override
      public void postStop() {
        if (publisher != null) {
          publisher.shutdown();
        }
      }
    };
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }
}
