package io.tributary.connectors.nats;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.tributary.streams.envelope.Envelope;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.pekko.Done;
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
 * The source stage of every NATS source: fetches only on downstream demand — when downstream asks
 * for an element and nothing fetched is left, or when it just took elements and at most half a batch
 * is left (so the next request overlaps with processing) — and asks for no more than fills its
 * buffer to {@code maxBatch}: fetched and not yet emitted never exceeds one batch. Fetches block on a thread of the stage's own; results come
 * back through an async callback. A stop (from {@link NatsControl}) ends fetching: messages fetched
 * and not yet emitted are handed back (nak'd for immediate redelivery) once a running fetch returned
 * (at most the fetch wait; its messages are handed back too), then the stage completes. Fetch
 * errors are retried with backoff while the connection lives (30 in a row fail the stream); a closed
 * connection or a JetStream API error (the consumer was deleted) fails the stream at once.
 *
 * @param <T> the payload type
 */
final class NatsSourceStage<T>
    extends AbstractGraphStageWithMaterializedValue<SourceShape<Envelope<T>>, SourceHandle> {

  private static final Logger log = LoggerFactory.getLogger(NatsSourceStage.class);
  private static final String RETRY = "retry";
  /** About 2 minutes of failing fetches (backoff 0.1 s doubling to 5 s) before the stream fails. */
  private static final int MAX_CONSECUTIVE_FAILURES = 30;

  private final String name;
  private final Callable<Fetcher> opener;
  private final Supplier<MessageConverter<T>> converters;
  private final int maxBatch;
  private final boolean jetStream;
  private final BooleanSupplier connectionClosed;
  private final Outlet<Envelope<T>> out = Outlet.create("NatsSource.out");
  private final SourceShape<Envelope<T>> shape = SourceShape.of(out);

  /**
   * @param name for log lines and the fetch thread's name
   * @param opener opens the subscription, on the fetch thread, before the first fetch
   * @param converters a converter per materialization
   * @param connectionClosed whether the connection is closed for good
   */
  NatsSourceStage(String name, Callable<Fetcher> opener, Supplier<MessageConverter<T>> converters,
      int maxBatch, boolean jetStream, BooleanSupplier connectionClosed) {
    this.name = name;
    this.opener = opener;
    this.converters = converters;
    this.maxBatch = maxBatch;
    this.jetStream = jetStream;
    this.connectionClosed = connectionClosed;
  }

  @Override
  public SourceShape<Envelope<T>> shape() {
    return shape;
  }

  @Override
  public Pair<GraphStageLogic, SourceHandle> createLogicAndMaterializedValuePair(Attributes attrs) {
    SourceHandle handle = new SourceHandle();
    OpenMessages tracker = handle.tracker;
    DeliveryCounts deliveries = jetStream ? new DeliveryCounts() : null;
    MessageConverter<T> converter = converters.get();

    TimerGraphStageLogic logic = new TimerGraphStageLogic(shape) {
      private final ArrayDeque<NatsAcknowledgement> buffer = new ArrayDeque<>();
      private final AsyncCallback<List<Message>> onFetched = createAsyncCallback(this::fetched);
      private final AsyncCallback<Throwable> onFetchFailed = createAsyncCallback(this::fetchFailed);
      private final AsyncCallback<Done> onStop = createAsyncCallback(d -> stop());
      private final AsyncCallback<Throwable> onFail = createAsyncCallback(this::failStage);
      private ExecutorService fetchThread;
      /** Only touched on the fetch thread. */
      private Fetcher fetcher;
      private boolean fetching;
      private boolean stopping;
      private int failures;
      private long fetchStarted;

      {
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            deliver();
          }
        });
      }

      @Override
      public void preStart() {
        fetchThread = Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "tributary-nats-fetch-" + name);
          t.setDaemon(true);
          return t;
        });
        handle.attach(() -> onStop.invoke(Done.getInstance()));
      }

      /**
       * Emits what is fetched while downstream wants it. Fetches when downstream wants an element and
       * nothing is left, or, to overlap the next request with processing, when downstream just took
       * elements and at most half a batch is left; a request asks for what fills the buffer up to one
       * batch, so fetched and not yet emitted never exceeds {@code maxBatch}.
       */
      private void deliver() {
        if (stopping) {
          return; // what is left goes back to the server once the running fetch returned
        }
        boolean pushed = false;
        while (isAvailable(out) && !buffer.isEmpty()) {
          NatsAcknowledgement ack = buffer.poll();
          Envelope<T> envelope;
          try {
            envelope = converter.convert(ack, onFail::invoke);
          } catch (RuntimeException e) {
            ack.nak();
            failStage(new IllegalStateException("NATS source " + name + ": cannot read message "
                + ack.message().getSubject() + ": " + e, e));
            return;
          }
          if (envelope != null) {
            push(out, envelope);
            pushed = true;
          }
        }
        if (fetching) {
          return;
        }
        if (buffer.isEmpty() ? isAvailable(out) : pushed && buffer.size() <= maxBatch / 2) {
          fetch(maxBatch - buffer.size());
        }
      }

      private void fetch(int max) {
        fetching = true;
        fetchStarted = System.nanoTime();
        fetchThread.execute(() -> {
          List<Message> messages;
          try {
            if (fetcher == null) {
              fetcher = opener.call();
            }
            messages = fetcher.fetch(max);
          } catch (Throwable e) {
            onFetchFailed.invoke(e);
            return;
          }
          Fetcher f = fetcher;
          onFetched.invokeWithFeedbackCompletionStage(messages).whenComplete((done, error) -> {
            if (error != null) { // the stage stopped meanwhile: nobody will process them
              messages.forEach(f::release);
            }
          });
        });
      }

      private void fetched(List<Message> messages) {
        fetching = false;
        if (log.isDebugEnabled()) {
          log.debug("NATS source {}: fetched {} in {} us, {} left from the last", name, messages.size(),
              (System.nanoTime() - fetchStarted) / 1_000, buffer.size());
        }
        failures = 0;
        tracker.fetched(messages.size());
        for (Message m : messages) {
          buffer.add(new NatsAcknowledgement(m, tracker, deliveries));
        }
        if (stopping) {
          releaseBuffer();
          completeStage();
          return;
        }
        deliver();
      }

      private void fetchFailed(Throwable error) {
        fetching = false;
        if (stopping) {
          releaseBuffer();
          completeStage();
          return;
        }
        if (connectionClosed.getAsBoolean()) {
          failStage(new IllegalStateException("NATS source " + name + ": the connection is closed, "
              + "no more messages can be fetched (" + error + ")", error));
          return;
        }
        if (error instanceof JetStreamApiException api) {
          failStage(new IllegalStateException("NATS source " + name + ": fetching failed with JetStream "
              + "error " + api.getApiErrorCode() + " " + api.getErrorDescription()
              + " (was the stream or consumer deleted?)", error));
          return;
        }
        failures++;
        if (failures > MAX_CONSECUTIVE_FAILURES) {
          failStage(new IllegalStateException("NATS source " + name + ": " + MAX_CONSECUTIVE_FAILURES
              + " fetches in a row failed, the last with " + error, error));
          return;
        }
        Duration backoff = Duration.ofMillis(Math.min(5_000, 100L << Math.min(6, failures - 1)));
        log.warn("NATS source {}: fetch failed ({}); retrying in {} ms", name, error.toString(), backoff.toMillis());
        scheduleOnce(RETRY, backoff);
      }

      @Override
      public void onTimer(Object timerKey) {
        deliver();
      }

      private void stop() {
        if (stopping) {
          return;
        }
        stopping = true;
        cancelTimer(RETRY);
        log.info("NATS source {}: stopping intake ({} fetched messages to hand back{})", name, buffer.size(),
            fetching ? ", after the running fetch returned" : "");
        if (!fetching) {
          // Hand back only when no fetch runs: the server would redeliver nak'd messages into it.
          releaseBuffer();
          completeStage();
        }
      }

      private void releaseBuffer() {
        NatsAcknowledgement ack;
        while ((ack = buffer.poll()) != null) {
          ack.nak();
        }
      }

      @Override
      public void postStop() {
        releaseBuffer();
        if (fetchThread == null) {
          handle.terminated.complete(Done.getInstance());
          return;
        }
        fetchThread.execute(() -> {
          if (fetcher != null) {
            fetcher.close();
          }
          handle.terminated.complete(Done.getInstance());
        });
        fetchThread.shutdown();
      }
    };
    return Pair.create(logic, handle);
  }
}
