package io.tributary.bench.kafka;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.kafka.CommitterSettings;
import org.apache.pekko.kafka.ConsumerMessage.CommittableOffsetBatch;
import org.apache.pekko.kafka.ConsumerMessage.GroupTopicPartition;
import org.apache.pekko.kafka.ConsumerSettings;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Committer;
import org.apache.pekko.kafka.javadsl.Consumer;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * One pass of Pekko Connectors Kafka's {@code Consumer.committableSource} into the committer with
 * Pekko's and Kafka's defaults ({@code CommitterSettings.create(system)}: batches of 1,000, at
 * most 10 s apart). {@code Committer.sink} is {@code Committer.batchFlow} followed by {@code
 * Sink.ignore}; this pass puts a {@code Sink.foreach} there instead, which sees each committed
 * batch, so the pass ends when the commit covering the last record of every partition completed.
 * Timed from the first record to that commit. Only the group, {@code auto.offset.reset=earliest}
 * and a zero stop-timeout (which only shortens the shutdown after the timed window) are set.
 */
final class PekkoCommittablePass {

  private PekkoCommittablePass() {}

  static Measurement run(ActorSystem system, String bootstrapServers, String groupId, String topic,
      Map<TopicPartition, Long> endOffsets, Duration timeout) throws Exception {
    long expected = endOffsets.values().stream().mapToLong(Long::longValue).sum();
    Map<TopicPartition, Long> nonEmpty = Offsets.nonEmpty(endOffsets);
    ConsumerSettings<byte[], byte[]> consumerSettings =
        ConsumerSettings.create(system, new ByteArrayDeserializer(), new ByteArrayDeserializer())
            .withBootstrapServers(bootstrapServers)
            .withGroupId(groupId)
            .withProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
            .withStopTimeout(Duration.ZERO);
    CommitterSettings committerSettings = CommitterSettings.create(system);
    AtomicLong count = new AtomicLong();
    AtomicLong first = new AtomicLong();
    AtomicLong consumedAt = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    Map<TopicPartition, Long> committed = new ConcurrentHashMap<>();
    CompletableFuture<Long> allCommitted = new CompletableFuture<>();
    long started = System.nanoTime();
    Pair<Consumer.Control, CompletionStage<Done>> running = Consumer
        .committableSource(consumerSettings, Subscriptions.topics(topic))
        .map(message -> {
          long n = count.incrementAndGet();
          if (n == 1) {
            first.set(System.nanoTime());
          }
          if (n == expected) {
            consumedAt.set(System.nanoTime());
          }
          if (message.record().value() == null) {
            throw new IllegalStateException("a record without a value");
          }
          return message.committableOffset();
        })
        .via(Committer.batchFlow(committerSettings))
        .toMat(Sink.foreach((CommittableOffsetBatch batch) -> {
          batches.incrementAndGet();
          for (Map.Entry<GroupTopicPartition, Object> e : batch.getOffsets().entrySet()) {
            committed.merge(e.getKey().topicPartition(), ((Long) e.getValue()) + 1, Math::max);
          }
          if (committed.equals(nonEmpty)) {
            allCommitted.complete(System.nanoTime());
          }
        }), Keep.both())
        .run(system);
    running.second().whenComplete((done, error) -> allCommitted.completeExceptionally(error != null ? error
        : new IllegalStateException("the stream completed after " + count.get() + " of " + expected + " records")));
    try {
      long end;
      try {
        end = Waits.await(allCommitted, timeout, "committing all " + expected + " records of " + topic);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new java.util.concurrent.TimeoutException(e.getMessage() + "; consumed " + count.get()
            + ", committed " + committed);
      }
      long firstAt = first.get();
      return new Measurement(expected, end - firstAt, String.format(Locale.ROOT,
          "first record %,.0f ms after start, last commit %,.1f ms after the last record, %,d commit batches",
          (firstAt - started) / 1e6, (end - consumedAt.get()) / 1e6, batches.get()));
    } finally {
      Waits.quietly(running.first().drainAndShutdown(running.second(), system.dispatcher()),
          Duration.ofSeconds(30), "shutting the Pekko consumer down");
    }
  }
}
