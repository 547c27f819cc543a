package io.tributary.connectors.amqp;

import io.tributary.streams.processing.DeadLetterSink;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.processing.ProcessingStoppedException;
import java.time.Duration;
import java.util.ArrayDeque;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source stage: consumes a queue through {@link DeliveryConsumer}s, buffers what the broker
 * delivers (never more than the prefetch: the broker sends no more unacknowledged deliveries) and
 * emits on demand. Reconnects after a lost connection, dropping the buffered deliveries of the
 * lost channel (the broker redelivers them).
 */
final class AmqpSourceStage<T> extends AbstractGraphStageWithMaterializedValue<SourceShape<Envelope<T>>, AmqpControl> {

  private static final Logger log = LoggerFactory.getLogger(AmqpSourceStage.class);
  private static final String RECONNECT = "reconnect";

  private final AmqpSourceSettings<T> settings;
  /** Null: each materialization creates (and closes) its own. */
  private final DeadLetterSink<?> deadLetters;
  private final Outlet<Envelope<T>> out = Outlet.create("AmqpSource.out");
  private final SourceShape<Envelope<T>> shape = SourceShape.of(out);

  AmqpSourceStage(AmqpSourceSettings<T> settings, DeadLetterSink<?> deadLetters) {
    this.settings = settings;
    this.deadLetters = deadLetters;
  }

  @Override
  public SourceShape<Envelope<T>> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, AmqpControl> createLogicAndMaterializedValuePair(Attributes attributes) {
    AmqpControl control = deadLetters != null ? new AmqpControl(settings, deadLetters, false)
        : new AmqpControl(settings, AmqpDeadLetterSink.create(settings), true);
    String name = "amqp-source[" + settings.queue() + "]";

    TimerGraphStageLogic logic = new TimerGraphStageLogic(shape) {
      private final ArrayDeque<Envelope<T>> buffer = new ArrayDeque<>();
      private final AsyncCallback<SourceEvent> callback = createAsyncCallback(this::onEvent);
      private ConsumerSession current;
      private boolean connecting;
      private boolean stopRequested;
      private boolean intakeDone;
      private boolean graceful;
      private Throwable failure;
      private long lostAtNanos;

      {
        control.attach(callback::invoke);
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            emitOrFinish();
          }
        });
      }

      @Override
      public void preStart() {
        connect();
      }

      private void connect() {
        connecting = true;
        control.openSession(settings, callback::invoke);
      }

      private void onEvent(SourceEvent event) {
        if (event instanceof SourceEvent.Delivered d) {
          delivered(d);
        } else if (event instanceof SourceEvent.Connected c) {
          connected(c.session());
        } else if (event instanceof SourceEvent.ConnectFailed f) {
          connectFailed(f.error());
        } else if (event instanceof SourceEvent.Lost l) {
          lost(l);
        } else if (event instanceof SourceEvent.CancelOk c) {
          if (c.session() == current || current == null) {
            intakeDone = true;
            emitOrFinish();
          }
        } else if (event instanceof SourceEvent.CancelledByBroker c) {
          if (c.session() == current && !stopRequested) {
            fail(new AmqpConnectionLostException(name + ": the broker cancelled the consumer of queue '"
                + settings.queue() + "' (was the queue deleted?)", null));
          }
        } else if (event instanceof SourceEvent.DeadLetterFailed f) {
          fail(new ProcessingStoppedException("dead-letter write failed for an undecodable payload",
              f.position(), f.error()));
        } else if (event instanceof SourceEvent.StopRequested) {
          requestStop();
        } else if (event instanceof SourceEvent.EndRequested e) {
          if (e.failure() != null) {
            fail(e.failure());
          } else {
            completeStage();
          }
        }
      }

      @SuppressWarnings("unchecked")
      private void delivered(SourceEvent.Delivered d) {
        if (!d.session().live() || d.session() != current) {
          control.counters.dropped.increment(); // its channel is gone: the broker redelivers it
          return;
        }
        buffer.add((Envelope<T>) d.envelope());
        emitOrFinish();
      }

      private void connected(ConsumerSession session) {
        connecting = false;
        if (control.ending()) {
          control.closeSession(session);
          return;
        }
        boolean recovered = current == null && lostAtNanos != 0;
        current = session;
        if (recovered) {
          control.counters.recoveries.increment();
          log.info("{}: reconnected after {} ms ({})", name, (System.nanoTime() - lostAtNanos) / 1_000_000, session);
          lostAtNanos = 0;
        }
        if (stopRequested) {
          control.cancel(session, callback::invoke);
        }
      }

      private void connectFailed(Throwable error) {
        connecting = false;
        if (control.ending()) {
          return;
        }
        if (!control.consumedBefore()) {
          fail(error); // never consumed: bad settings or no broker; say so now
          return;
        }
        if (stopRequested) {
          intakeDone = true;
          emitOrFinish();
          return;
        }
        Duration timeout = settings.connection().recoveryTimeout();
        long lostFor = System.nanoTime() - lostAtNanos;
        if (lostFor >= timeout.toNanos()) {
          fail(new AmqpConnectionLostException(name + ": the connection to "
              + settings.connection().maskedUri() + " is lost and could not be re-established for "
              + timeout.toSeconds() + " s (last error: " + error.getMessage() + "); unacknowledged messages stay "
              + "in the queue. Check the broker, or raise AmqpConnectionSettings.withRecoveryTimeout", error));
          return;
        }
        log.warn("{}: reconnect failed: {}; next attempt in {} ms", name, error.getMessage(),
            settings.connection().recoveryInterval().toMillis());
        scheduleOnce(RECONNECT, settings.connection().recoveryInterval());
      }

      private void lost(SourceEvent.Lost l) {
        ConsumerSession session = l.session();
        if (session != current) {
          return;
        }
        current = null;
        int dropped = 0;
        for (var it = buffer.iterator(); it.hasNext();) {
          if (AmqpAcknowledgement.of(it.next()).session() == session) {
            it.remove();
            dropped++;
          }
        }
        control.counters.dropped.add(dropped);
        control.closeSession(session);
        if (control.ending()) {
          return;
        }
        if (stopRequested) {
          intakeDone = true;
          emitOrFinish();
          return;
        }
        lostAtNanos = System.nanoTime();
        log.warn("{}: channel closed ({}); {} unacknowledged deliveries return to the queue and are delivered "
                + "again; reconnecting every {} ms for up to {} s", name, AmqpConnections.describe(l.cause()),
            session.unacknowledged.get(), settings.connection().recoveryInterval().toMillis(),
            settings.connection().recoveryTimeout().toSeconds());
        scheduleOnce(RECONNECT, settings.connection().recoveryInterval());
      }

      @Override
      public void onTimer(Object key) {
        if (RECONNECT.equals(key) && current == null && !connecting && !stopRequested && !control.ending()) {
          connect();
        }
      }

      private void requestStop() {
        if (stopRequested) {
          return;
        }
        stopRequested = true;
        cancelTimer(RECONNECT);
        if (current != null) {
          log.info("{}: stopping intake (basic.cancel)", name);
          control.cancel(current, callback::invoke);
        } else if (!connecting) {
          intakeDone = true; // between connections: nothing more can arrive
          emitOrFinish();
        } // else: Connected or ConnectFailed follows and finishes the stop
      }

      private void emitOrFinish() {
        if (intakeDone) {
          control.intakeStopped(); // nothing more arrives; what is buffered still goes downstream
        }
        if (!buffer.isEmpty() && isAvailable(out)) {
          push(out, buffer.poll());
        }
        if (intakeDone && buffer.isEmpty()) {
          graceful = true;
          completeStage();
        }
      }

      private void fail(Throwable error) {
        failure = error;
        failStage(error);
      }

      @Override
      public void postStop() {
        control.stageStopped(graceful, failure);
      }
    };
    return Pair.create(logic, control);
  }
}
