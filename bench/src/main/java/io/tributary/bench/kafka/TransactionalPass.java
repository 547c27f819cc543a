package io.tributary.bench.kafka;

import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.connectors.kafka.TransactionalKafkaRunner;
import io.tributary.connectors.kafka.TransactionalSettings;
import io.tributary.connectors.kafka.admin.KafkaTopics;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * One pass of {@link TransactionalKafkaRunner} over a whole topic with a fresh consumer group: each record's key and
 * value produced to an output topic of its own (as many partitions as the input) and its offset committed in the
 * same transaction. Timed from the first handler call until the transactions committed every input offset; then
 * stopped the graceful way, outside the timed window.
 */
final class TransactionalPass {

  private TransactionalPass() {}

  static Measurement run(ClassicActorSystemProvider system, KafkaSourceSettings<byte[]> settings,
      ProcessingSettings processing, Map<TopicPartition, Long> endOffsets, int partitions, Duration timeout)
      throws Exception {
    long expected = endOffsets.values().stream().mapToLong(Long::longValue).sum();
    String out = settings.groupId() + "-out";
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers()))) {
      KafkaTopics.ensure(admin, out, partitions, Duration.ofSeconds(30));
    }
    AtomicLong firstCall = new AtomicLong();
    long started = System.nanoTime();
    TransactionalKafkaRunner<byte[]> runner = TransactionalKafkaRunner.start(system, settings,
        TransactionalSettings.defaults().withTransactionalId(settings.groupId() + "-tx")
            .withOutputTopics(List.of(out)),
        processing, envelope -> {
          if (firstCall.get() == 0) {
            firstCall.compareAndSet(0, System.nanoTime());
          }
          return CompletableFuture.completedFuture(List.of(new ProducerRecord<>(out, envelope.rawKey(),
              envelope.rawValue())));
        });
    Map<TopicPartition, Long> ends = Offsets.nonEmpty(endOffsets);
    try {
      Waits.until(() -> runner.control().committedOffsets().entrySet().containsAll(ends.entrySet())
              || runner.completion().toCompletableFuture().isDone(), 200_000, timeout,
          "committing all " + expected + " records of " + settings.topics() + " in transactions",
          () -> "acknowledged " + runner.control().acknowledged() + ", committed "
              + Offsets.names(runner.control().committedOffsets()));
      if (runner.completion().toCompletableFuture().isDone()) {
        Waits.await(runner.completion(), Duration.ofSeconds(1), "the runner's stream");
        throw new IllegalStateException("the transactional runner's stream completed after "
            + runner.control().acknowledged() + " of " + expected + " records");
      }
      long committedAt = System.nanoTime();
      long first = firstCall.get();
      return new Measurement(expected, committedAt - first, String.format(Locale.ROOT,
          "first record %,.0f ms after start, %,d transactions, %d aborts", (first - started) / 1e6,
          runner.control().commits(), runner.control().aborts()));
    } finally {
      Waits.quietly(runner.stopIntake(), Duration.ofSeconds(15), "stopping the runner's intake");
      Waits.quietly(runner.drain(Duration.ofSeconds(10)), Duration.ofSeconds(15), "draining the runner");
      Waits.quietly(runner.release(), Duration.ofSeconds(40), "releasing the runner");
    }
  }
}
