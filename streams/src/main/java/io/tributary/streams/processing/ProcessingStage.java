package io.tributary.streams.processing;

import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.telemetry.HealthSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processing runner: runs a handler per message with bounded parallelism, one message at a
 * time per lane (partition, key, or none — see {@link OrderingMode}), retries with backoff while the
 * lane stays parked, then applies the failure policy. Emits successful results in completion order
 * with their ack handles; acknowledges dead-lettered and skipped messages itself.
 *
 * <p>It also publishes a {@link LaneSnapshot} of its busy lanes every {@code tributary.health.check-interval}
 * (a timer of the stage; see {@link LaneMonitor}). The heads of held lanes are linked in an intrusive list
 * through their tasks, so tracking them costs a few field writes per message and no allocation; a handler
 * that completes at once on a free lane (the fast path) is never tracked.
 */
final class ProcessingStage<T, R>
    extends AbstractGraphStageWithMaterializedValue<FlowShape<Envelope<T>, Envelope<R>>, ProcessingMetrics> {

  private static final Logger log = LoggerFactory.getLogger(ProcessingStage.class);

  private final ProcessingSettings settings;
  private final Function<Envelope<T>, ? extends CompletionStage<R>> handler;
  private final DeadLetterSink<T> deadLetters;
  /** The handler's name in lane reports. */
  private final String handlerName;
  /**
   * Whether a success is acknowledged here instead of emitted: for pipelines that end at the
   * runner, it saves a result envelope and a stage hop per message. Nothing is emitted then.
   */
  private final boolean acknowledgeResults;
  private final Inlet<Envelope<T>> in = Inlet.create("Processing.in");
  private final Outlet<Envelope<R>> out = Outlet.create("Processing.out");
  private final FlowShape<Envelope<T>, Envelope<R>> shape = FlowShape.of(in, out);

  ProcessingStage(ProcessingSettings settings, Function<Envelope<T>, ? extends CompletionStage<R>> handler,
      DeadLetterSink<T> deadLetters, boolean acknowledgeResults, String handlerName) {
    this.settings = settings;
    this.handler = handler;
    this.deadLetters = deadLetters;
    this.acknowledgeResults = acknowledgeResults;
    this.handlerName = handlerName;
  }

  /**
   * A handler's name for lane reports: its own {@code toString()} when it has one, else its class, a
   * lambda named after the class that wrote it ({@code com.acme.Billing (lambda)}).
   */
  static String nameOf(Object handler) {
    Class<?> type = handler.getClass();
    String name = type.getName();
    int lambda = name.indexOf("$$Lambda");
    if (lambda >= 0) {
      return name.substring(0, lambda) + " (lambda)";
    }
    try {
      if (type.getMethod("toString").getDeclaringClass() != Object.class) {
        return handler.toString();
      }
    } catch (NoSuchMethodException e) {
      // every class has toString()
    }
    return name;
  }

  @Override
  public FlowShape<Envelope<T>, Envelope<R>> shape() {
    return shape;
  }

  /** The waiters of a lane held by its head alone; shared, never added to. */
  private static final ArrayDeque<Object> NO_WAITERS = new ArrayDeque<>(0);

  @SuppressWarnings("unchecked")
  private static <E> ArrayDeque<E> noWaiters() {
    return (ArrayDeque<E>) NO_WAITERS;
  }

  /** A lane for messages without a key, or for ORDERED mode: the partition they came from. */
  private record PartitionLane(String source, int partition) {}

  /** The key of the timer that publishes the lanes. */
  private static final String LANES_TIMER = "publish-lanes";

  /** One message in the runner, with its retry state and, while it heads a busy lane, its progress. */
  private static final class Task<T> {
    final Envelope<T> envelope;
    final Object lane;
    int attempts;
    Instant firstFailureAt;
    /** Whether it is linked in the busy list: it heads a held lane, or runs unordered and did not complete at once. */
    boolean busy;
    Task<T> previousBusy;
    Task<T> nextBusy;
    BusyLane.State state;
    /** When it became its lane's head (the lane's last progress), a nanoTime. */
    long progressNanos;
    /** When its first attempt started, a nanoTime; 0 = not started. */
    long startedNanos;

    Task(Envelope<T> envelope, Object lane) {
      this.envelope = envelope;
      this.lane = lane;
    }
  }

  private record Outcome<T, R>(Task<T> task, R value, Throwable error) {}

  private Object laneOf(Envelope<T> envelope) {
    switch (settings.mode()) {
      case ORDERED_PER_KEY:
        if (envelope.key() != null) {
          return envelope.key();
        }
        return new PartitionLane(envelope.position().source(), envelope.position().partition());
      case ORDERED:
        return new PartitionLane(envelope.position().source(), envelope.position().partition());
      default:
        return null; // UNORDERED: no lane
    }
  }

  @Override
  public Pair<GraphStageLogic, ProcessingMetrics> createLogicAndMaterializedValuePair(Attributes attrs) {
    ProcessingMetrics metrics = new ProcessingMetrics();
    int parallelism = settings.parallelism();
    int bufferSize = settings.effectiveBufferSize();
    RetryPolicy retry = settings.retry();

    TimerGraphStageLogic logic = new TimerGraphStageLogic(shape) {
      /**
       * The held lanes: a lane is held while its head message is running, backing off or being
       * dead-lettered; the value holds the messages waiting behind the head. Most lanes never get
       * a waiter (many keys), so a lane starts with the shared, never-filled {@link #NO_WAITERS}
       * and gets its own queue only when a second message arrives: no allocation per message.
       */
      private final Map<Object, ArrayDeque<Task<T>>> lanes = new HashMap<>();
      /** Messages that may start now (heads of idle lanes, or any message when UNORDERED). */
      private final ArrayDeque<Task<T>> ready = new ArrayDeque<>();
      private final ArrayDeque<Envelope<R>> results = new ArrayDeque<>();
      private final AsyncCallback<Outcome<T, R>> onOutcome = createAsyncCallback(this::outcome);
      private final AsyncCallback<Outcome<T, R>> onDeadLettered = createAsyncCallback(this::deadLettered);
      private int running;
      private int buffered;
      private int parked;
      private boolean upstreamFinished;
      /** The busy list: heads of held lanes and unordered messages that did not complete at once. */
      private Task<T> firstBusy;
      private int busyCount;
      private long slowHandlerNanos = Long.MAX_VALUE;
      private SlowCompletion lastSlow;
      /** One nanoTime reading per stage event, taken when first needed ({@link #now()}). */
      private long eventNanos;
      private boolean eventNanosRead;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            eventNanosRead = false;
            Envelope<T> envelope = grab(in);
            Task<T> task = new Task<>(envelope, laneOf(envelope));
            metrics.onReceived();
            buffered++;
            if (task.lane != null && ready.isEmpty() && running < parallelism && !lanes.containsKey(task.lane)) {
              startNow(task);
            } else {
              enqueue(task);
              runReady();
            }
            pullIfRoom();
          }

          @Override
          public void onUpstreamFinish() {
            upstreamFinished = true;
            completeIfDrained();
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            if (!results.isEmpty()) {
              push(out, results.poll());
              buffered--;
              pullIfRoom();
              completeIfDrained();
            }
          }
        });
      }

      @Override
      public void preStart() {
        HealthSettings health = HealthSettings.fromConfig(materializer().system().settings().config());
        slowHandlerNanos = health.slowHandler().toNanos();
        publishLanes();
        scheduleWithFixedDelay(LANES_TIMER, health.checkInterval(), health.checkInterval());
        pull(in);
      }

      @Override
      public void postStop() {
        metrics.publishLanes(LaneSnapshot.inactive(handlerName));
      }

      /** The time of the current stage event: one nanoTime per event, and none on the fast path. */
      private long now() {
        if (!eventNanosRead) {
          eventNanos = System.nanoTime();
          eventNanosRead = true;
        }
        return eventNanos;
      }

      /** Links a task in the busy list: it became a lane's head, or an unordered message still running. */
      private void track(Task<T> task, BusyLane.State state, long progressNanos) {
        task.busy = true;
        task.state = state;
        task.progressNanos = progressNanos;
        task.nextBusy = firstBusy;
        if (firstBusy != null) {
          firstBusy.previousBusy = task;
        }
        firstBusy = task;
        busyCount++;
      }

      /** Unlinks a task that is done with (succeeded, skipped, dead-lettered or withdrawn). */
      private void untrack(Task<T> task) {
        if (task.previousBusy != null) {
          task.previousBusy.nextBusy = task.nextBusy;
        } else {
          firstBusy = task.nextBusy;
        }
        if (task.nextBusy != null) {
          task.nextBusy.previousBusy = task.previousBusy;
        }
        task.previousBusy = null;
        task.nextBusy = null;
        task.busy = false;
        busyCount--;
        if (task.startedNanos != 0) {
          long took = now() - task.startedNanos;
          if (took >= slowHandlerNanos) {
            lastSlow = new SlowCompletion(task.envelope.key(), task.envelope.position(), Duration.ofNanos(took),
                now());
          }
        }
      }

      private void publishLanes() {
        List<BusyLane> busy = new ArrayList<>(busyCount);
        for (Task<T> t = firstBusy; t != null; t = t.nextBusy) {
          BusyLane.Kind kind = t.lane == null ? BusyLane.Kind.MESSAGE
              : t.lane instanceof PartitionLane ? BusyLane.Kind.PARTITION : BusyLane.Kind.KEY;
          int backlog = t.lane == null ? 0 : lanes.get(t.lane).size();
          busy.add(new BusyLane(kind, t.envelope.key(), t.envelope.position(), t.attempts + 1, t.state, backlog,
              t.progressNanos, t.startedNanos));
        }
        metrics.publishLanes(new LaneSnapshot(true, System.nanoTime(), handlerName, busy, lastSlow));
      }

      private void enqueue(Task<T> task) {
        if (task.lane == null) {
          ready.add(task);
          return;
        }
        ArrayDeque<Task<T>> waiters = lanes.get(task.lane);
        if (waiters == null) {
          lanes.put(task.lane, noWaiters());
          ready.add(task);
          track(task, BusyLane.State.WAITING, now());
        } else if ((Object) waiters == NO_WAITERS) {
          waiters = new ArrayDeque<>(4);
          waiters.add(task); // waits behind the lane's head
          lanes.put(task.lane, waiters);
        } else {
          waiters.add(task); // waits behind the lane's head
        }
      }

      /** Starts ready messages up to the parallelism; handles handlers that completed at once inline. */
      private void runReady() {
        while (running < parallelism && !ready.isEmpty()) {
          Task<T> task = ready.poll();
          if (task.attempts == 0 && !task.envelope.ack().begin()) {
            // Withdrawn by its source (partition revoked before it started): its new owner runs it.
            metrics.onWithdrawn();
            releaseLane(task);
            buffered--;
            continue;
          }
          running++;
          if (task.busy) {
            task.state = BusyLane.State.RUNNING;
            if (task.startedNanos == 0) {
              task.startedNanos = now();
            }
          }
          CompletionStage<R> stage = invoke(task);
          settleOrAwait(task, stage, asDoneFuture(stage));
        }
        metrics.setInFlight(running);
        metrics.setBuffered(buffered);
      }

      /**
       * Starts a message whose lane is free, with nothing ready before it and room to run, without
       * holding the lane first: a handler that succeeds at once never touches the lane map. The
       * lane is held only when the handler is still running or failed (retries keep it parked).
       */
      private void startNow(Task<T> task) {
        if (!task.envelope.ack().begin()) {
          metrics.onWithdrawn(); // withdrawn by its source: its new owner runs it
          buffered--;
          return;
        }
        running++;
        CompletionStage<R> stage = invoke(task);
        CompletableFuture<R> future = asDoneFuture(stage);
        if (future != null && !future.isCompletedExceptionally()) {
          running--;
          succeeded(task, future.join());
        } else {
          lanes.put(task.lane, noWaiters());
          track(task, BusyLane.State.RUNNING, now());
          task.startedNanos = task.progressNanos;
          settleOrAwait(task, stage, future);
        }
        metrics.setInFlight(running);
        metrics.setBuffered(buffered);
      }

      private CompletionStage<R> invoke(Task<T> task) {
        try {
          CompletionStage<R> stage = handler.apply(task.envelope);
          if (stage == null) {
            throw new NullPointerException("handler returned null instead of a CompletionStage");
          }
          return stage;
        } catch (Throwable e) {
          return CompletableFuture.failedFuture(e);
        }
      }

      /** Settles a handler that completed at once ({@code done}), else waits for its outcome. */
      private void settleOrAwait(Task<T> task, CompletionStage<R> stage, CompletableFuture<R> done) {
        if (done != null) {
          settle(task, done);
        } else {
          if (!task.busy) { // unordered: tracked only while it runs
            track(task, BusyLane.State.RUNNING, now());
            task.startedNanos = task.progressNanos;
          }
          // Inline, not whenComplete: a stage from Pekko (an ask, say) runs non-async callbacks on
          // CompletableFuture's default async executor, a new thread per task on 2 cores.
          stage.whenCompleteAsync((value, error) -> onOutcome.invoke(new Outcome<>(task, value, error)),
              Runnable::run);
        }
      }

      /**
       * The future if it is already complete (the fast path of synchronous handlers), else null. Only a
       * plain CompletableFuture: its subclass minimalCompletionStage() throws on isDone().
       */
      private CompletableFuture<R> asDoneFuture(CompletionStage<R> stage) {
        if (stage.getClass() == CompletableFuture.class) {
          CompletableFuture<R> future = (CompletableFuture<R>) stage;
          return future.isDone() ? future : null;
        }
        return null;
      }

      private void settle(Task<T> task, CompletableFuture<R> done) {
        try {
          finish(task, done.join(), null);
        } catch (CompletionException | CancellationException e) {
          finish(task, null, e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
        }
      }

      private void outcome(Outcome<T, R> outcome) {
        eventNanosRead = false;
        Throwable error = outcome.error();
        if (error instanceof CompletionException && error.getCause() != null) {
          error = error.getCause();
        }
        finish(outcome.task(), outcome.value(), error);
        runReady();
        pullIfRoom();
        completeIfDrained();
      }

      /** Records one attempt's outcome; never starts other work (callers do, to avoid recursion). */
      private void finish(Task<T> task, R value, Throwable error) {
        running--;
        if (error == null) {
          releaseLane(task);
          succeeded(task, value);
          return;
        }
        task.attempts++;
        if (task.firstFailureAt == null) {
          task.firstFailureAt = Instant.now();
        }
        if (!task.busy) { // an unordered message that failed at once: tracked until settled
          track(task, BusyLane.State.RUNNING, now());
          task.startedNanos = task.progressNanos;
        }
        if (task.attempts < retry.maxAttempts()) {
          task.state = BusyLane.State.BACKING_OFF;
          metrics.onRetry();
          log.debug("attempt {} of {} failed for {}: {}; retrying", task.attempts, retry.maxAttempts(),
              task.envelope.position(), error.toString());
          scheduleOnce(task, retry.backoffAfter(task.attempts)); // the lane stays parked meanwhile
          metrics.setParked(++parked);
          return;
        }
        ProcessingFailure failure = ProcessingFailure.of(error, task.attempts, task.firstFailureAt);
        switch (settings.failurePolicy()) {
          case SKIP:
            log.warn("skipping {} after {} failed attempts: {}", task.envelope.position(), task.attempts,
                error.toString());
            metrics.onSkipped();
            task.envelope.acknowledge();
            releaseLane(task);
            buffered--;
            break;
          case STOP:
            failStage(new ProcessingStoppedException("handler failed " + task.attempts
                + " times; stopping (failure policy STOP)", task.envelope.position(), error));
            break;
          default:
            deadLetter(task, failure);
        }
      }

      private void deadLetter(Task<T> task, ProcessingFailure failure) {
        task.state = BusyLane.State.DEAD_LETTERING;
        log.warn("dead-lettering {} after {} failed attempts: {}", task.envelope.position(),
            task.attempts, failure.cause().toString());
        CompletionStage<?> written;
        try {
          written = deadLetters.deadLetter(task.envelope, failure);
        } catch (RuntimeException e) {
          written = CompletableFuture.failedFuture(e);
        }
        written.whenCompleteAsync((done, error) -> onDeadLettered.invoke(new Outcome<>(task, null, error)),
            Runnable::run);
      }

      private void deadLettered(Outcome<T, R> outcome) {
        eventNanosRead = false;
        Task<T> task = outcome.task();
        if (outcome.error() != null) {
          failStage(new ProcessingStoppedException("dead-letter write failed; the message was not "
              + "acknowledged", task.envelope.position(), outcome.error()));
          return;
        }
        metrics.onDeadLettered();
        task.envelope.acknowledge();
        releaseLane(task);
        buffered--;
        runReady();
        pullIfRoom();
        completeIfDrained();
      }

      @Override
      public void onTimer(Object timerKey) {
        eventNanosRead = false;
        if (timerKey == LANES_TIMER) {
          publishLanes();
          return;
        }
        @SuppressWarnings("unchecked")
        Task<T> task = (Task<T>) timerKey;
        task.state = BusyLane.State.WAITING;
        metrics.setParked(--parked);
        ready.addFirst(task); // its lane is still held: retry before anything else
        runReady();
        pullIfRoom();
        completeIfDrained();
      }

      private void succeeded(Task<T> task, R value) {
        metrics.onSuccess();
        if (acknowledgeResults) {
          task.envelope.acknowledge();
          buffered--;
        } else {
          emit(task.envelope.withPayload(value));
        }
      }

      private void releaseLane(Task<T> task) {
        if (task.busy) {
          untrack(task);
        }
        if (task.lane == null) {
          return;
        }
        ArrayDeque<Task<T>> waiters = lanes.get(task.lane);
        if (waiters.isEmpty()) {
          lanes.remove(task.lane);
        } else {
          Task<T> next = waiters.poll();
          ready.add(next); // the next in line becomes the head; the lane stays held
          track(next, BusyLane.State.WAITING, now()); // the lane progressed
        }
      }

      private void emit(Envelope<R> result) {
        if (results.isEmpty() && isAvailable(out)) {
          push(out, result);
          buffered--;
        } else {
          results.add(result);
        }
      }

      private void pullIfRoom() {
        if (!upstreamFinished && buffered < bufferSize && !hasBeenPulled(in) && !isClosed(in)) {
          pull(in);
        }
      }

      private void completeIfDrained() {
        metrics.setInFlight(running);
        metrics.setBuffered(buffered);
        if (upstreamFinished && buffered == 0) {
          completeStage();
        }
      }
    };
    return Pair.create(logic, metrics);
  }
}
