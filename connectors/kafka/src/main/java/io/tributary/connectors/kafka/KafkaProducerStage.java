package io.tributary.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.apache.pekko.kafka.ProducerSettings;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.stream.stage.TimerGraphStageLogic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each element's record with one Kafka producer per materialization and emits the element
 * with its record's metadata, in input order, once Kafka acknowledged it. At most {@code
 * settings.parallelism()} records are in flight.
 *
 * <p>Fails, never hangs: a record the producer gives up on fails the stage with a {@link
 * KafkaDeliveryException} naming its topic-partition and the cause, and a watchdog fails it when the
 * oldest record in flight has had no answer for {@code noProgressTimeout}, which covers a producer
 * that breaks its own {@code delivery.timeout.ms}. The producer is closed, off the stream's thread,
 * when the stage stops (unless {@code settings.closeProducerOnStop()} is off).
 */
final class KafkaProducerStage<T, R> extends GraphStage<FlowShape<T, R>> {

  private static final Logger log = LoggerFactory.getLogger(KafkaProducerStage.class);
  private static final String WATCHDOG = "watchdog";

  private final ProducerSettings<byte[], byte[]> settings;
  private final Function<T, ProducerRecord<byte[], byte[]>> toRecord;
  private final BiFunction<T, RecordMetadata, R> result;
  private final Duration noProgressTimeout;
  private final Inlet<T> in = Inlet.create("KafkaProducer.in");
  private final Outlet<R> out = Outlet.create("KafkaProducer.out");
  private final FlowShape<T, R> shape = FlowShape.of(in, out);

  KafkaProducerStage(ProducerSettings<byte[], byte[]> settings, Function<T, ProducerRecord<byte[], byte[]>> toRecord,
      BiFunction<T, RecordMetadata, R> result, Duration noProgressTimeout) {
    if (noProgressTimeout.isNegative() || noProgressTimeout.isZero()) {
      throw new IllegalArgumentException("noProgressTimeout must be positive, was " + noProgressTimeout);
    }
    this.settings = settings;
    this.toRecord = toRecord;
    this.result = result;
    this.noProgressTimeout = noProgressTimeout;
  }

  @Override
  public FlowShape<T, R> shape() {
    return shape;
  }

  /** One record in flight; its answer is written by the producer's thread, read after the async callback. */
  private static final class Pending<T> {
    final T element;
    final ProducerRecord<byte[], byte[]> record;
    final long sentAt = System.nanoTime();
    volatile RecordMetadata metadata;
    volatile Exception error;
    volatile boolean answered;

    Pending(T element, ProducerRecord<byte[], byte[]> record) {
      this.element = element;
      this.record = record;
    }
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new TimerGraphStageLogic(shape) {
      private final ArrayDeque<Pending<T>> inFlight = new ArrayDeque<>();
      private final AsyncCallback<Pending<T>> answered = createAsyncCallback(this::onAnswer);
      private final int parallelism = Math.max(1, settings.parallelism());
      private final String bootstrapServers =
          String.valueOf(settings.getProperties().get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
      private Producer<byte[], byte[]> producer;

      {
        setHandler(in, new AbstractInHandler() {
          @Override
          public void onPush() {
            send(grab(in));
          }

          @Override
          public void onUpstreamFinish() {
            if (inFlight.isEmpty()) {
              completeStage();
            } // else: the last answers complete it
          }
        });
        setHandler(out, new AbstractOutHandler() {
          @Override
          public void onPull() {
            emitAnswered();
          }
        });
      }

      @Override
      public void preStart() {
        producer = settings.createKafkaProducer();
        long tick = Math.max(10, Math.min(1_000, noProgressTimeout.toMillis() / 4));
        scheduleWithFixedDelay(WATCHDOG, Duration.ofMillis(tick), Duration.ofMillis(tick));
        pull(in);
      }

      private void send(T element) {
        ProducerRecord<byte[], byte[]> record = toRecord.apply(element);
        Pending<T> pending = new Pending<>(element, record);
        inFlight.add(pending);
        try {
          producer.send(record, (metadata, error) -> {
            pending.metadata = metadata;
            pending.error = error;
            pending.answered = true;
            answered.invoke(pending);
          });
        } catch (RuntimeException e) { // serialization, metadata not available within max.block.ms, closed
          failStage(KafkaDeliveryException.failed(record.topic(), record.partition() == null ? -1
              : record.partition(), bootstrapServers, e));
          return;
        }
        if (inFlight.size() < parallelism) {
          pull(in);
        }
      }

      private void onAnswer(Pending<T> pending) {
        if (pending.error != null) {
          failStage(failure(pending)); // nothing after a lost record may count as produced
          return;
        }
        emitAnswered();
      }

      private KafkaDeliveryException failure(Pending<T> pending) {
        RecordMetadata metadata = pending.metadata;
        int partition = metadata != null && metadata.partition() >= 0 ? metadata.partition()
            : pending.record.partition() == null ? -1 : pending.record.partition();
        return KafkaDeliveryException.failed(pending.record.topic(), partition, bootstrapServers, pending.error);
      }

      /** Emits answered records from the head, in input order, and asks for more while there is room. */
      private void emitAnswered() {
        while (isAvailable(out) && !inFlight.isEmpty() && inFlight.peek().answered) {
          Pending<T> head = inFlight.poll();
          if (head.error != null) {
            failStage(failure(head));
            return;
          }
          push(out, result.apply(head.element, head.metadata));
        }
        if (isClosed(in)) {
          if (inFlight.isEmpty()) {
            completeStage();
          }
        } else if (!hasBeenPulled(in) && inFlight.size() < parallelism) {
          pull(in);
        }
      }

      @Override
      public void onTimer(Object key) {
        long now = System.nanoTime();
        for (Pending<T> pending : inFlight) { // oldest first; answered ones wait only for demand
          if (!pending.answered) {
            long waited = now - pending.sentAt;
            if (waited > noProgressTimeout.toNanos()) {
              failStage(noProgress(pending, waited));
            }
            return;
          }
        }
      }

      private KafkaDeliveryException noProgress(Pending<T> oldest, long waitedNanos) {
        ProducerRecord<byte[], byte[]> record = oldest.record;
        int partition = likelyPartition(record);
        long unanswered = inFlight.stream().filter(p -> !p.answered).count();
        return new KafkaDeliveryException(record.topic(), partition, "no acknowledgement from Kafka at "
            + bootstrapServers + " for " + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + " ms (the watchdog allows "
            + noProgressTimeout.toMillis() + " ms) for a record to "
            + KafkaDeliveryException.topicPartition(record.topic(), partition)
            + (record.key() == null ? "" : " with key '" + new String(record.key(), StandardCharsets.UTF_8) + "'")
            + "; " + unanswered + " record(s) without an answer. The producer neither delivered nor failed it: "
            + "see its WARN lines for the broker's error, and check that the partition's leader is up", null);
      }

      /** The partition of a record: its own, or the default partitioner's choice for its key; -1 if unknown. */
      private int likelyPartition(ProducerRecord<byte[], byte[]> record) {
        if (record.partition() != null) {
          return record.partition();
        }
        if (record.key() == null || settings.getProperties().get(ProducerConfig.PARTITIONER_CLASS_CONFIG) != null) {
          return -1;
        }
        try {
          int partitions = producer.partitionsFor(record.topic()).size(); // cached: the record was sent
          return Utils.toPositive(Utils.murmur2(record.key())) % partitions;
        } catch (RuntimeException e) {
          return -1;
        }
      }

      @Override
      public void postStop() {
        Producer<byte[], byte[]> p = producer;
        if (p == null || !settings.closeProducerOnStop()) {
          return; // a producer shared through settings.withProducer(...) stays open when asked to
        }
        // Records still unanswered when the stage stops belong to a failed stream (a completing stage waits for
        // them): nobody will count them as produced, so the producer stops resending them now instead of
        // retrying in the background until its close timeout.
        Duration closeTimeout = inFlight.isEmpty() ? Duration.ofMillis(settings.closeTimeout().toMillis())
            : Duration.ZERO;
        Executor blocking = materializer().system().dispatchers().lookup(settings.dispatcher());
        CompletableFuture.runAsync(() -> {
          try {
            p.close(closeTimeout);
          } catch (RuntimeException e) {
            log.warn("closing the Kafka producer for {} failed: {}", bootstrapServers, e.toString());
          }
        }, blocking);
      }
    };
  }
}
