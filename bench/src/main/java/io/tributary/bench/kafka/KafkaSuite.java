package io.tributary.bench.kafka;

import io.tributary.bench.BenchOptions;
import io.tributary.bench.BenchReport;
import io.tributary.bench.BenchResult;
import io.tributary.bench.BenchSuite;
import io.tributary.bench.Tuning;
import io.tributary.connectors.kafka.KafkaSource;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.streams.telemetry.Telemetry;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.pekko.Done;

/**
 * Consuming throughput on the embedded broker: 1,000,000 records of 100 bytes, 1,000 keys, 4
 * partitions, read in full by each contender with a fresh consumer group, after one warm-up pass
 * each:
 *
 * <ul>
 *   <li>{@code plain-consumer} (anchor): a {@code KafkaConsumer} poll loop, Kafka's defaults;
 *   <li>{@code tributary-source}: {@link KafkaSource} into a counting sink, never acknowledged;
 *   <li>{@code pekko-source-only} (a reference, not a contender): the Pekko Connectors
 *       {@code committableSource} Tributary's source is built on, same consumer settings, into a
 *       counting sink: the ceiling for anything built on that source;
 *   <li>{@code tributary-runner-per-key}: {@code KafkaRunner}, ordered per key, parallelism 64, a
 *       no-op handler; until every record is acknowledged and a final commit covered them;
 *   <li>{@code tributary-runner-per-key+metrics}: the same in an actor system whose {@code Telemetry} records
 *       in a Prometheus registry (as {@code --metrics-port} does): the overhead of metrics;
 *   <li>{@code tributary-runner-producing}: {@code KafkaRunner} with the same settings, its handler producing each
 *       record to an output topic and completing when Kafka acknowledged it: the at-least-once form of {@code
 *       transactional}'s workload;
 *   <li>{@code transactional}: {@code TransactionalKafkaRunner}, the same runner settings, each record's key and
 *       value produced to an output topic and its offset committed in one transaction; until the transactions
 *       committed every offset (so it also produces what the others only consume);
 *   <li>{@code pekko-committable-defaults}: {@code Consumer.committableSource} into Pekko's
 *       committer with the defaults; until the commit of the last record completed.
 * </ul>
 *
 * Each pass is timed from the first record received (so the ~0.6 s group join is left out) to
 * the end. Five measured rounds (one with {@code --quick}); the median pass is reported.
 */
public final class KafkaSuite implements BenchSuite {

  static final String ANCHOR = "plain-consumer";
  /** Pekko Connectors' committable source alone, with Tributary's consumer settings: the ceiling of what is built on it. */
  static final String PEKKO_SOURCE = "pekko-source-only";
  /** The runner contender with its meters recorded in a Prometheus registry. */
  static final String RUNNER_WITH_METRICS = "tributary-runner-per-key+metrics";
  /** The at-least-once runner producing what the exactly-once one produces: the like-for-like anchor of it. */
  static final String RUNNER_PRODUCING = "tributary-runner-producing";
  /** The exactly-once runner: each record produced to an output topic and committed in one transaction. */
  static final String TRANSACTIONAL = "transactional";
  static final int PARTITIONS = 4;
  static final int KEYS = 1_000;
  static final int VALUE_BYTES = 100;
  static final int DEFAULT_PARALLELISM = 64;
  // Not null: the runner wraps each result in an envelope, whose payload must not be null.
  private static final CompletionStage<Done> DONE = CompletableFuture.completedFuture(Done.getInstance());

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public String description() {
    return "consume 1M x 100 B records (4 partitions) on the embedded broker: plain KafkaConsumer (anchor), "
        + "Tributary source, Pekko's committable source alone (the ceiling), Tributary runner with commits, "
        + "Pekko committable source + committer, the exactly-once runner (consume, produce, commit in transactions)";
  }

  @Override
  public BenchReport run(BenchOptions options) throws Exception {
    long records = options.records().orElse(options.quick() ? 100_000 : 1_000_000);
    int rounds = options.rounds().orElse(options.quick() ? 1 : 5);
    ProcessingSettings runner = options.tuning().apply(ProcessingSettings.defaults().withParallelism(DEFAULT_PARALLELISM));
    Duration passTimeout = Duration.ofSeconds(60 + records / 10_000);
    System.out.printf(Locale.ROOT, "kafka suite: %,d records x %d B, %,d keys, %d partitions; 1 warm-up pass and "
        + "%d measured round(s) per contender; %d CPUs, Java %s%n", records, VALUE_BYTES, KEYS, PARTITIONS,
        rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    if (!options.overrides().isEmpty()) {
      System.out.println("overrides: " + options.overrides());
    }
    long brokerStart = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start()) {
      String bootstrap = broker.bootstrapServers();
      System.out.printf(Locale.ROOT, "embedded broker at %s, ready in %,.0f ms%n", bootstrap,
          (System.nanoTime() - brokerStart) / 1e6);
      String topic = "bench-kafka-" + records;
      broker.createTopic(topic, PARTITIONS);
      TopicLoader.Loaded loaded = TopicLoader.load(bootstrap, topic, PARTITIONS, records, KEYS, VALUE_BYTES);
      System.out.println(loaded.describe() + " (not a contender)");
      Map<TopicPartition, Long> ends = loaded.endOffsets();
      try (BenchSystem bench = BenchSystem.create("bench-kafka");
          BenchSystem metered = BenchSystem.create("bench-kafka-metrics")) {
        // The same runner with its meters recorded in a Prometheus registry (as with --metrics-port).
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Telemetry.get(metered.system()).addRegistry(prometheus);
        ProcessingSettings defaults = ProcessingSettings.defaults().withParallelism(DEFAULT_PARALLELISM);
        List<Contender> all = new ArrayList<>();
        all.add(new Contender(ANCHOR, group -> PlainConsumerPass.run(bootstrap, group, topic, records, passTimeout,
            Map.of())));
        for (Map.Entry<String, Tuning> t : options.tunings()) {
          Tuning tuning = t.getValue();
          all.add(new Contender(TributarySettings.name("tributary-source", t.getKey()), group -> SourcePass.run(
              bench.system(), TributarySettings.of(tuning, bootstrap, group, topic), records, passTimeout)));
        }
        for (Map.Entry<String, Tuning> t : options.tunings()) {
          Tuning tuning = t.getValue();
          all.add(new Contender(TributarySettings.name(PEKKO_SOURCE, t.getKey()), group -> PekkoSourcePass.run(
              bench.system(), TributarySettings.of(tuning, bootstrap, group, topic), records, passTimeout)));
        }
        for (Map.Entry<String, Tuning> t : options.tunings()) {
          Tuning tuning = t.getValue();
          all.add(new Contender(TributarySettings.name("tributary-runner-per-key", t.getKey()), group ->
              RunnerPass.run(bench.system(), TributarySettings.of(tuning, bootstrap, group, topic),
                  tuning.apply(defaults), envelope -> DONE, ends, passTimeout)));
        }
        for (Map.Entry<String, Tuning> t : options.tunings()) {
          Tuning tuning = t.getValue();
          all.add(new Contender(TributarySettings.name(RUNNER_WITH_METRICS, t.getKey()), group ->
              RunnerPass.run(metered.system(), TributarySettings.of(tuning, bootstrap, group, topic),
                  tuning.apply(defaults), envelope -> DONE, ends, passTimeout)));
        }
        for (Map.Entry<String, Tuning> t : options.tunings()) {
          Tuning tuning = t.getValue();
          all.add(new Contender(TributarySettings.name(RUNNER_PRODUCING, t.getKey()), group ->
              ProducingRunnerPass.run(bench.system(), TributarySettings.of(tuning, bootstrap, group, topic),
                  tuning.apply(defaults), ends, PARTITIONS, passTimeout)));
        }
        for (Map.Entry<String, Tuning> t : options.tunings()) {
          Tuning tuning = t.getValue();
          all.add(new Contender(TributarySettings.name(TRANSACTIONAL, t.getKey()), group ->
              TransactionalPass.run(bench.system(), TributarySettings.of(tuning, bootstrap, group, topic),
                  tuning.apply(defaults), ends, PARTITIONS, passTimeout)));
        }
        all.add(new Contender("pekko-committable-defaults", group -> PekkoCommittablePass.run(bench.system(),
            bootstrap, group, topic, ends, passTimeout)));
        List<Contender> contenders = all.stream().filter(c -> options.runs(c.name(), ANCHOR)).toList();
        if (contenders.size() < 2 && !options.only().isEmpty()) {
          System.out.println("note: --only matched no contender besides the anchor; the contenders are "
              + all.stream().map(Contender::name).collect(Collectors.joining(", ")));
        }
        Map<String, List<Measurement>> passes = Contender.measure("kafka", contenders, true, rounds);
        List<BenchResult> results = new ArrayList<>();
        List<Measurement> anchorPasses = passes.get(ANCHOR);
        passes.forEach((name, list) -> {
          Measurement median = Measurement.median(list);
          String note = (rounds == 1 ? median.note() : "median of " + list.stream()
              .map(m -> String.format(Locale.ROOT, "%,.0f", m.rate())).collect(Collectors.joining(" / "))
              + (name.equals(ANCHOR) ? "" : "; " + Measurement.perRoundRatios(list, anchorPasses)))
              + "; " + Measurement.cpuPerRecord(list);
          results.add(BenchResult.of(name, Map.of(), median.rate(), "records/s", note));
        });
        List<String> notes = List.of(
            String.format(Locale.ROOT, "records: %,d x %d B, %,d keys, %d partitions; produce (not a contender): "
                + "%,.0f records/s", records, VALUE_BYTES, KEYS, PARTITIONS, loaded.rate()),
            "each pass: a fresh consumer group, timed from the first record received to the last record "
                + "(plain-consumer, tributary-source, pekko-source-only) or to the commit covering every record "
                + "(tributary-runner-per-key, pekko-committable-defaults)",
            String.format(Locale.ROOT, "tributary-runner-per-key: ORDERED_PER_KEY, parallelism %d, buffer %d, a "
                + "handler returning a completed future; KafkaSource's defaults%s", runner.parallelism(),
                runner.effectiveBufferSize(), options.tuning().isEmpty() ? "" : " changed by " + options.tuning().describe()),
            RUNNER_WITH_METRICS + ": the same, its meters recorded in a Prometheus registry (handler duration "
                + "histogram, counters read when scraped): the overhead of metrics is its ratio to "
                + "tributary-runner-per-key (meters bound, no registry)",
            RUNNER_PRODUCING + ": KafkaRunner with the runner's settings, its handler producing the input's key "
                + "and value to a 4-partition output topic (idempotent, acks=all, linger 5 ms) and completing on "
                + "Kafka's acknowledgement; until a commit covered every record: transactional's workload at least once",
            TRANSACTIONAL + ": TransactionalKafkaRunner with the runner's settings, a handler returning one record "
                + "(the input's key and value) for a 4-partition output topic; transactions of 2,000 records or "
                + "100 ms; timed until every input offset is committed in a transaction, so it pays for producing "
                + "every record too");
        return new BenchReport(name(), ANCHOR, results, options.overrides(), notes);
      }
    }
  }
}
