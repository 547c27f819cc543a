package io.tributary.bench.kafka;

import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import io.confluent.parallelconsumer.internal.AbstractParallelEoSStreamProcessor;
import io.confluent.parallelconsumer.internal.DrainingCloseable.DrainingMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One pass of Confluent Parallel Consumer ({@link ParallelConsumers}) over a whole topic with a
 * fresh consumer group, the handler run on PC's own pool (it blocks its thread, PC's model). Timed
 * like {@link RunnerPass}: from the first handler call until every record was handled and a commit
 * covering all of them is on the broker (PC is asked to commit at once when the last record is
 * handled; the broker's committed offsets are polled every 10 ms). PC is then closed without
 * draining, outside the timed window.
 */
final class ParallelConsumerPass {

  private ParallelConsumerPass() {}

  static Measurement run(String bootstrapServers, String groupId, String topic, ProcessingOrder order,
      int maxConcurrency, Consumer<ConsumerRecord<byte[], byte[]>> handler, Map<TopicPartition, Long> endOffsets,
      Duration timeout) throws Exception {
    return run(bootstrapServers, groupId, topic, order, maxConcurrency, 1, records -> records.forEach(handler),
        endOffsets, timeout);
  }

  /**
   * The same in PC's batch mode: {@code handler} is called once per batch of up to {@code batchSize} records
   * ({@code ParallelConsumerOptions.batchSize}).
   */
  static Measurement run(String bootstrapServers, String groupId, String topic, ProcessingOrder order,
      int maxConcurrency, int batchSize, Consumer<List<ConsumerRecord<byte[], byte[]>>> handler,
      Map<TopicPartition, Long> endOffsets, Duration timeout) throws Exception {
    long expected = endOffsets.values().stream().mapToLong(Long::longValue).sum();
    Map<TopicPartition, Long> nonEmpty = Offsets.nonEmpty(endOffsets);
    AtomicLong firstCall = new AtomicLong();
    AtomicLong handled = new AtomicLong();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    long started = System.nanoTime();
    ParallelStreamProcessor<byte[], byte[]> pc = ParallelConsumers.create(bootstrapServers, groupId, order,
        maxConcurrency, batchSize);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      pc.subscribe(List.of(topic));
      pc.poll(context -> {
        if (firstCall.get() == 0) {
          firstCall.compareAndSet(0, System.nanoTime());
        }
        int now = inFlight.incrementAndGet();
        if (now > maxInFlight.get()) {
          maxInFlight.accumulateAndGet(now, Math::max);
        }
        try {
          handler.accept(context.getConsumerRecordsFlattened());
        } finally {
          inFlight.decrementAndGet();
        }
        handled.addAndGet(context.size());
      });
      Waits.until(() -> handled.get() >= expected || pc.isClosedOrFailed(), 200_000, timeout,
          "Parallel Consumer handling all " + expected + " records of " + topic, () -> "handled " + handled.get());
      if (pc.isClosedOrFailed()) {
        Exception cause = pc instanceof AbstractParallelEoSStreamProcessor<?, ?> p ? p.getFailureCause() : null;
        throw new IllegalStateException("Parallel Consumer stopped after " + handled.get() + " of " + expected
            + " records", cause);
      }
      long handledAt = System.nanoTime();
      if (pc instanceof AbstractParallelEoSStreamProcessor<?, ?> p) {
        p.requestCommitAsap();
      }
      Map<TopicPartition, Long> committed = new HashMap<>();
      Waits.until(() -> {
            committed.clear();
            committed.putAll(committedOffsets(admin, groupId));
            return committed.equals(nonEmpty);
          }, TimeUnit.MILLISECONDS.toNanos(10), Duration.ofSeconds(30),
          "Parallel Consumer's commit covering all " + expected + " records of " + topic,
          () -> "committed " + Offsets.names(committed) + " of " + Offsets.names(nonEmpty));
      long committedAt = System.nanoTime();
      long first = firstCall.get();
      return new Measurement(expected, committedAt - first, String.format(Locale.ROOT,
          "first record %,.0f ms after start, final commit %,.1f ms, max in flight %d",
          (first - started) / 1e6, (committedAt - handledAt) / 1e6, maxInFlight.get()));
    } finally {
      try {
        pc.close(Duration.ofSeconds(30), DrainingMode.DONT_DRAIN);
      } catch (RuntimeException e) {
        System.err.println("warning: closing Parallel Consumer: " + e);
      }
    }
  }

  /** @return the group's committed offsets on the broker, by partition */
  static Map<TopicPartition, Long> committedOffsets(Admin admin, String groupId) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
      Map<TopicPartition, Long> m = new HashMap<>();
      offsets.forEach((tp, o) -> {
        if (o != null) {
          m.put(tp, o.offset());
        }
      });
      return m;
    } catch (Exception e) {
      return Map.of();
    }
  }
}
