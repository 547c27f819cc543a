package io.tributary.faults;

import io.tributary.connectors.amqp.AmqpConnectionSettings;
import io.tributary.connectors.amqp.AmqpRunner;
import io.tributary.connectors.amqp.AmqpSourceSettings;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.connectors.nats.NatsRunner;
import io.tributary.connectors.nats.NatsSourceSettings;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.TestEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongPredicate;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;

/**
 * The workload's consumer: the connector's runner ({@link KafkaRunner}, {@link AmqpRunner}, {@link NatsRunner})
 * ordered per key, with a handler that works for the workload's delay, then writes the event's line to the
 * {@link ProcessedLog} before it completes (and the runner acknowledges). Events the {@code reject} predicate
 * names fail their handler every time, so the runner dead-letters them after its retries.
 */
final class WorkloadConsumer {

  /** The stop's bound on draining what the runner holds. */
  static final Duration DRAIN = Duration.ofSeconds(10);

  private WorkloadConsumer() {}

  /** Starts the runner of {@code target}'s broker. */
  static SourceRunner<?> start(ActorSystem system, Target target, Workload workload, ProcessedLog log,
      String instance, ScheduledExecutorService timer, LongPredicate reject) {
    ProcessingSettings processing = ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY)
        .withParallelism(workload.parallelism());
    Function<Envelope<TestEvent>, CompletionStage<Done>> handler =
        handler(log, instance, workload.handlerDelay(), timer, reject);
    PayloadDecoder<TestEvent> decoder = PayloadDecoder.json(TestEvent.class);
    return switch (target.broker()) {
      case KAFKA -> KafkaRunner.start(system,
          KafkaSourceSettings.create(target.address(), target.group(), List.of(target.source()), decoder),
          processing, handler);
      case AMQP -> AmqpRunner.start(system,
          AmqpSourceSettings.create(AmqpConnectionSettings.create(target.address())
                  .withRecoveryInterval(Duration.ofMillis(200)), target.source(), decoder)
              .withKeyFromHeader(AmqpWorkloadProducer.KEY_HEADER)
              .withPrefetch(4 * workload.parallelism()),
          processing, handler);
      // An ack lost in a server restart is redelivered after the ack wait: 10 s instead of 30 s bounds the run.
      case NATS -> NatsRunner.start(system,
          NatsSourceSettings.create(target.address(), target.source(), target.group(), decoder)
              .withAckWait(Duration.ofSeconds(10)),
          processing, handler);
    };
  }

  /** Stops {@code runner} gracefully (stop intake, drain, acknowledge or commit, close) and returns its report. */
  static String stop(SourceRunner<?> runner) throws Exception {
    return runner.registerShutdown(DRAIN).stop().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  static Function<Envelope<TestEvent>, CompletionStage<Done>> handler(ProcessedLog log, String instance,
      Duration delay, ScheduledExecutorService timer, LongPredicate reject) {
    return envelope -> {
      TestEvent event = envelope.payload();
      if (reject.test(event.id())) {
        return CompletableFuture.failedFuture(new RejectedEventException(event.id()));
      }
      CompletableFuture<Done> done = new CompletableFuture<>();
      timer.schedule(() -> {
        try {
          log.append(event, instance);
          done.complete(Done.getInstance());
        } catch (IOException | RuntimeException e) {
          done.completeExceptionally(e);
        }
      }, delay.toNanos(), TimeUnit.NANOSECONDS);
      return done;
    };
  }

  /** What the handler throws for an event the workload marks as one to reject. */
  static final class RejectedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RejectedEventException(long id) {
      super("event " + id + " rejected by the handler (the poison scenario's 1 %)");
    }
  }
}
