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
import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *       committer with the defaults; until the commit of the last record completed;
 *   <li>{@code parallel-consumer}: Confluent Parallel Consumer ({@link ParallelConsumers}), {@code KEY}
 *       order, {@code maxConcurrency} = the runner's parallelism, a no-op handler; until every record
 *       was handled and a commit covering them is on the broker.
 * </ul>
 *
 * Each pass is timed from the first record received (so the ~0.6 s group join is left out) to
 * the end. Five measured rounds (one with {@code --quick}); the median pass is reported.
 *
 * <p>Then issue 17's workload (d), {@link LatencyWorkload}: end-to-end latency at a fixed 20,000
 * records/s for {@code plain-loop}, {@code pekko-source}, {@code tributary} and {@code
 * parallel-consumer}, and the heap each keeps while running (workload e). The rows of issue 17 ({@link
 * VersusParallelConsumer}) restate workload (a) as {@code noop/<contender>}, its CPU time per record as
 * {@code cpu/<contender>}, and add {@code latency-p50|p99|p99.9/<contender>} (ms) and {@code
 * heap/<contender>} (MB), each with its ratio to {@code parallel-consumer}.
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
  /** Confluent Parallel Consumer in KEY order (issue 17). */
  static final String PARALLEL_CONSUMER = VersusParallelConsumer.PC;
  /** The runner contender, {@code tributary} in issue 17's rows. */
  static final String RUNNER = "tributary-runner-per-key";
  /** Workload (d): the fixed produce rate of the latency run, records/s. */
  static final int LATENCY_RATE = 20_000;
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
        + "Pekko committable source + committer, the exactly-once runner (consume, produce, commit in transactions), "
        + "Confluent Parallel Consumer; then end-to-end latency at 20,000 records/s and heap after GC (issue 17)";
  }

  @Override
  public BenchReport run(BenchOptions options) throws Exception {
    long records = options.records().orElse(options.quick() ? 100_000 : 1_000_000);
    int rounds = options.rounds().orElse(options.quick() ? 1 : 5);
    ProcessingSettings runner = options.tuning().apply(ProcessingSettings.defaults().withParallelism(DEFAULT_PARALLELISM));
    Duration passTimeout = Duration.ofSeconds(60 + records / 10_000);
    System.out.printf(Locale.ROOT, "kafka suite: %,d records x %d B, %,d keys, %d partitions; %s and "
        + "%d measured round(s) per contender; %d CPUs, Java %s%n", records, VALUE_BYTES, KEYS, PARTITIONS,
        options.quick() ? "no warm-up pass" : "1 warm-up pass", rounds, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
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
        all.add(new Contender(PARALLEL_CONSUMER, group -> ParallelConsumerPass.run(bootstrap, group, topic,
            ProcessingOrder.KEY, runner.parallelism(), record -> {
              if (record.value() == null) {
                throw new IllegalStateException("a record without a value");
              }
            }, ends, passTimeout)));
        List<Contender> contenders = all.stream().filter(c -> options.runs(c.name(), ANCHOR)).toList();
        if (contenders.size() < 2 && !options.only().isEmpty()) {
          System.out.println("note: --only matched no contender besides the anchor; the contenders are "
              + all.stream().map(Contender::name).collect(Collectors.joining(", ")));
        }
        // A quick run is a smoke run (CI): no warm-up passes and short pauses keep it as short as before issue 17.
        long settle = options.quick() ? Contender.QUICK_SETTLE_MILLIS : Contender.SETTLE_MILLIS;
        Map<String, List<Measurement>> passes = Contender.measure("kafka", contenders, !options.quick(), rounds,
            settle);
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
        // Issue 17: the same passes as rows <workload>/<contender>, ratios to parallel-consumer.
        Map<String, String> issueNames = new LinkedHashMap<>();
        issueNames.put(ANCHOR, "plain-loop");
        issueNames.put(PEKKO_SOURCE, "pekko-source");
        issueNames.put(RUNNER, "tributary");
        issueNames.put(PARALLEL_CONSUMER, PARALLEL_CONSUMER);
        Map<String, Double> noop = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        issueNames.forEach((contender, row) -> {
          if (passes.containsKey(contender)) {
            noop.put(row, Measurement.median(passes.get(contender)).rate());
            cpu.put(row, Measurement.medianCpuMicrosPerRecord(passes.get(contender)));
          }
        });
        results.addAll(VersusParallelConsumer.rows("noop", Map.of(), "records/s", noop, Map.of()));
        results.addAll(VersusParallelConsumer.rows("cpu", Map.of(), "us/record", cpu, Map.of()));

        Duration measured = options.quick() ? Duration.ofMillis(500) : Duration.ofSeconds(5);
        int latencyRounds = options.rounds().orElse(options.quick() ? 1 : 3);
        Duration leadIn = options.quick() ? Duration.ofMillis(100) : Duration.ofSeconds(2);
        LatencyWorkload latency = new LatencyWorkload(broker, LATENCY_RATE, PARTITIONS, KEYS, VALUE_BYTES, leadIn,
            measured, settle);
        List<LatencyContender> latencyContenders = LatencyContenders.all(bench.system(), bootstrap,
            options.tuning(), runner).stream()
            .filter(c -> options.only().isEmpty() || options.only().contains(c.name())).toList();
        System.out.printf(Locale.ROOT, "latency at %,d records/s (%,d measured after a %,d ms lead-in), each "
            + "contender on a fresh topic, %d round(s):%n", LATENCY_RATE, latency.measuredRecords(), leadIn.toMillis(),
            latencyRounds);
        List<LatencyWorkload.Result> latencies = latency.run(latencyContenders, latencyRounds);
        for (double percentile : new double[] {50, 99, 99.9}) {
          Map<String, Double> values = new LinkedHashMap<>();
          Map<String, String> latencyNotes = new LinkedHashMap<>();
          for (LatencyWorkload.Result r : latencies) {
            values.put(r.name(), r.millis(percentile));
            if (percentile == 50) {
              latencyNotes.put(r.name(), r.describe());
            }
          }
          String label = percentile == 99.9 ? "p99.9" : "p" + (int) percentile;
          results.addAll(VersusParallelConsumer.rows("latency-" + label, Map.of(), "ms", values, latencyNotes));
        }
        Map<String, Double> heap = new LinkedHashMap<>();
        latencies.forEach(r -> heap.put(r.name(), r.heapAddedMegabytes()));
        latencies.forEach(r -> System.out.printf("  latency   %-28s %s%n", r.name(), r.describe()));
        results.addAll(VersusParallelConsumer.rows("heap", Map.of(), "MB", heap, Map.of()));
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
                + "every record too",
            String.format(Locale.ROOT, "parallel-consumer: Confluent Parallel Consumer 0.5.3.2, "
                + "ParallelStreamProcessor, KEY order, maxConcurrency %d, PERIODIC_CONSUMER_ASYNCHRONOUS every %d ms, "
                + "Kafka's consumer defaults; until a commit covering every record is on the broker",
                runner.parallelism(), ParallelConsumers.COMMIT_INTERVAL.toMillis()),
            "issue 17 rows <workload>/<contender>: ratio = value / parallel-consumer's in the same workload; "
                + "noop and cpu restate the passes above (plain-loop = plain-consumer, pekko-source = "
                + "pekko-source-only, tributary = tributary-runner-per-key); latency-*: from each record's produce "
                + "slot to its no-op handler's completion at a fixed " + LATENCY_RATE + " records/s, " + latencyRounds
                + " round(s) of " + latency.measuredRecords() + " measured records each, merged (the producer's "
                + "own lateness, in the notes, is the machine's floor); heap: what the running contender adds to "
                + "the heap used after a full GC (MB; median of the rounds, once a round's records were handled, "
                + "against before it started)",
            goals(results));
        return new BenchReport(name(), ANCHOR, results, options.overrides(), notes);
      }
    }
  }

  /** @return issue 17's goals for this suite, as measured in this run (a table note) */
  static String goals(List<BenchResult> results) {
    Map<String, Double> v = new LinkedHashMap<>();
    Map<String, Double> ratio = new LinkedHashMap<>();
    results.forEach(r -> {
      v.put(r.name(), r.value());
      ratio.put(r.name(), r.ratio());
    });
    return String.format(Locale.ROOT, "issue 17 goals in this run: (a) tributary / parallel-consumer %.2f x (goal "
            + ">= 10), tributary / plain loop %.2f x (goal >= 0.8), CPU per record %.2f us (plain loop %.2f, PC "
            + "%.2f); (d) p99 tributary %.3f ms vs parallel-consumer %.3f ms (goal <= PC's and < 10 ms)",
        ratio.getOrDefault("noop/tributary", Double.NaN), v.getOrDefault(RUNNER, Double.NaN) / v.getOrDefault(ANCHOR, Double.NaN),
        v.getOrDefault("cpu/tributary", Double.NaN), v.getOrDefault("cpu/plain-loop", Double.NaN),
        v.getOrDefault("cpu/parallel-consumer", Double.NaN), v.getOrDefault("latency-p99/tributary", Double.NaN),
        v.getOrDefault("latency-p99/parallel-consumer", Double.NaN));
  }
}
