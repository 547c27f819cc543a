package io.tributary.bench.kafka;

import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.tributary.bench.BenchOptions;
import io.tributary.bench.BenchReport;
import io.tributary.bench.BenchResult;
import io.tributary.bench.BenchSuite;
import io.tributary.bench.Tuning;
import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.streams.processing.BatchSettings;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Parallel processing of slow handlers with commits: 20,000 records on 4 partitions, a handler that
 * takes 5 ms without holding a thread, parallelism 64, for 1, 10, 100 and 1,000 keys (a topic
 * each), through {@code KafkaRunner}:
 *
 * <ul>
 *   <li>{@code partition-ordered} (anchor): {@link OrderingMode#ORDERED}, one record in flight per
 *       partition, the order (and speed) of a plain consumer loop;
 *   <li>{@code per-key}: {@link OrderingMode#ORDERED_PER_KEY}, one in flight per key;
 *   <li>{@code bound}: parallelism / latency = 64 / 5 ms = 12,800 records/s (computed);
 *   <li>{@code parallel-consumer} (issue 17): Confluent Parallel Consumer in {@code KEY} order, {@code
 *       maxConcurrency} = the parallelism, the same 5 ms wait blocking one of its threads (PC's handler
 *       model), for 10, 100 and 1,000 keys; {@code parallel-consumer-partition}: the same in {@code
 *       PARTITION} order, for 1,000 keys.
 * </ul>
 *
 * <p>Issue 17's rows restate them as {@code keys-<n>/tributary} (per-key) and {@code
 * keys-<n>/parallel-consumer}, and {@code partition-order/tributary} (partition-ordered) and {@code
 * partition-order/parallel-consumer} for 1,000 keys, each with its ratio to {@code parallel-consumer}
 * ({@link VersusParallelConsumer}).
 *
 * Each pass is timed from the first handler call until every record is acknowledged and a final
 * commit covered them. With one key, every mode runs one handler at a time (about 200 records/s),
 * so in quick mode that configuration uses a fifth of the records (the full run uses all 20,000:
 * about 6.5 minutes in all, most of it the two keys=1 passes).
 */
public final class ParallelSuite implements BenchSuite {

  static final String ANCHOR = "partition-ordered";
  static final int PARTITIONS = 4;
  static final int[] KEY_COUNTS = {1, 10, 100, 1_000};
  static final long LATENCY_MILLIS = 5;
  static final int DEFAULT_PARALLELISM = 64;
  static final int VALUE_BYTES = 100;
  /** Records per configuration, as the issue sets it. */
  static final long DEFAULT_RECORDS = 20_000;
  /** Confluent Parallel Consumer in KEY order (issue 17). */
  static final String PC_KEY = VersusParallelConsumer.PC;
  /** Confluent Parallel Consumer in PARTITION order (issue 17). */
  static final String PC_PARTITION = "parallel-consumer-partition";
  /** The key count of the partition-order and batch workloads (issue 17). */
  static final int PARTITION_ORDER_KEYS = 1_000;
  /** Tributary's batch handler (issue 17): per-key batches, 5 ms per call whatever its size. */
  static final String BATCH = "per-key-batch";
  /** Confluent Parallel Consumer's batch mode, in KEY order, 5 ms per call. */
  static final String PC_BATCH = "parallel-consumer-batch";
  /** Records per batch call, both contenders (PC's {@code batchSize}, Tributary's {@code maxSize}). */
  static final int BATCH_SIZE = 10;

  @Override
  public String name() {
    return "parallel";
  }

  @Override
  public String description() {
    return "20,000 records, 5 ms non-blocking handler, parallelism 64, 1/10/100/1,000 keys: "
        + "partition-ordered runner (anchor), per-key runner, and the bound 64 / 5 ms";
  }

  /** @return records for a configuration: with one key in a smaller (quick) run, a fifth */
  static long recordsFor(int keys, long records) {
    return keys == 1 && records < DEFAULT_RECORDS ? Math.max(1, records / 5) : records;
  }

  @Override
  public BenchReport run(BenchOptions options) throws Exception {
    long records = options.records().orElse(options.quick() ? 2_000 : DEFAULT_RECORDS);
    int rounds = options.rounds().orElse(1);
    ProcessingSettings runner = options.tuning().apply(ProcessingSettings.defaults().withParallelism(DEFAULT_PARALLELISM));
    int parallelism = runner.parallelism();
    double bound = parallelism * 1000.0 / LATENCY_MILLIS;
    long warmupRecords = options.quick() ? 500 : 2_000;
    System.out.printf(Locale.ROOT, "parallel suite: %,d records per configuration (keys=1: %,d), %d partitions, "
            + "handler %d ms (non-blocking), parallelism %d, keys %s, %d round(s); %d CPUs, Java %s%n",
        records, recordsFor(1, records), PARTITIONS, LATENCY_MILLIS, parallelism,
        java.util.Arrays.toString(KEY_COUNTS), rounds, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    if (!options.overrides().isEmpty()) {
      System.out.println("overrides: " + options.overrides());
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-handler-timer");
      t.setDaemon(true);
      return t;
    });
    long brokerStart = System.nanoTime();
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build().start();
        BenchSystem bench = BenchSystem.create("bench-parallel")) {
      String bootstrap = broker.bootstrapServers();
      System.out.printf(Locale.ROOT, "embedded broker at %s, ready in %,.0f ms%n", bootstrap,
          (System.nanoTime() - brokerStart) / 1e6);
      Map<Integer, TopicLoader.Loaded> topics = new LinkedHashMap<>();
      for (int keys : KEY_COUNTS) {
        String topic = "bench-parallel-k" + keys;
        broker.createTopic(topic, PARTITIONS);
        topics.put(keys, TopicLoader.load(bootstrap, topic, PARTITIONS, recordsFor(keys, records), keys, VALUE_BYTES));
        System.out.println(topics.get(keys).describe());
      }
      String warmupTopic = "bench-parallel-warmup";
      broker.createTopic(warmupTopic, PARTITIONS);
      TopicLoader.Loaded warmup = TopicLoader.load(bootstrap, warmupTopic, PARTITIONS, warmupRecords, 100,
          VALUE_BYTES);
      System.out.println(warmup.describe() + " (warm-up)");

      System.out.println("warm-up on " + warmupTopic + ":");
      // A quick run is a smoke run (CI): short pauses keep it about as short as before issue 17.
      long settle = options.quick() ? Contender.QUICK_SETTLE_MILLIS : Contender.SETTLE_MILLIS;
      Contender.measure("warmup", contenders(options, bench, bootstrap, warmupTopic, warmup, timer, false, 100), false,
          1, settle);

      List<BenchResult> results = new ArrayList<>();
      for (int keys : KEY_COUNTS) {
        TopicLoader.Loaded loaded = topics.get(keys);
        System.out.printf(Locale.ROOT, "keys=%d (%,d records):%n", keys, loaded.records());
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("keys", keys);
        configuration.put("records", loaded.records());
        Map<String, List<Measurement>> passes = Contender.measure("k" + keys,
            contenders(options, bench, bootstrap, loaded.topic(), loaded, timer, true, keys),
            false, rounds, settle);
        passes.forEach((name, list) -> {
          Measurement median = Measurement.median(list);
          String note = rounds == 1 ? median.note() : "median of " + list.stream()
              .map(m -> String.format(Locale.ROOT, "%,.0f", m.rate())).collect(Collectors.joining(" / "));
          results.add(BenchResult.of(name, configuration, median.rate(), "records/s", note));
        });
        results.add(BenchResult.of("bound", configuration, bound, "records/s", String.format(Locale.ROOT,
            "parallelism %d / %d ms; with %d key(s) per-key can reach at most %,.0f", parallelism, LATENCY_MILLIS,
            keys, Math.min(keys, parallelism) * 1000.0 / LATENCY_MILLIS)));
        // Issue 17: <workload>/<contender>, ratios to parallel-consumer.
        results.addAll(issueRows("keys-" + keys, configuration, passes, "per-key", PC_KEY));
        if (keys == PARTITION_ORDER_KEYS) {
          results.addAll(issueRows("partition-order", configuration, passes, ANCHOR, PC_PARTITION));
          results.addAll(issueRows("batch", configuration, passes, BATCH, PC_BATCH));
        }
      }
      List<String> notes = new ArrayList<>();
      notes.add(String.format(Locale.ROOT, "bound = parallelism / handler latency = %d / %d ms = %,.0f records/s "
          + "(computed, not measured); partition-ordered can reach at most %d / %d ms = %,.0f records/s, less "
          + "when the keys spread unevenly over the partitions", parallelism, LATENCY_MILLIS, bound, PARTITIONS,
          LATENCY_MILLIS, PARTITIONS * 1000.0 / LATENCY_MILLIS));
      notes.add("both runners fetch each partition as its own substream (KafkaSource.createPartitionFair, the "
          + "default), so every partition's keys are in the look-ahead; per-key with "
          + "tributary.kafka.partition-fair-fetch=false shares one merged fetch, where a few keys per partition "
          + "limit it");
      if (recordsFor(1, records) != records) {
        notes.add(String.format(Locale.ROOT, "keys=1 uses %,d records instead of %,d: one key runs one handler at a "
            + "time in every mode (about 200 records/s)", recordsFor(1, records), records));
      }
      notes.add(String.format(Locale.ROOT, "parallel-consumer(-partition): Confluent Parallel Consumer 0.5.3.2 in KEY "
          + "(PARTITION) order, maxConcurrency %d, PERIODIC_CONSUMER_ASYNCHRONOUS every %d ms, the handler blocking "
          + "one of PC's threads on the same 5 ms timer; timed until a commit covering every record is on the "
          + "broker; not run for 1 key (one at a time in every mode); the partition order on %,d keys only, and "
          + "not in a quick run",
          parallelism, ParallelConsumers.COMMIT_INTERVAL.toMillis(), PARTITION_ORDER_KEYS));
      notes.add("issue 17 rows <workload>/<contender>: keys-<n>/tributary = per-key, partition-order/tributary = "
          + "partition-ordered (1,000 keys); ratio = value / parallel-consumer's (KEY, or PARTITION order) in the "
          + "same workload");
      notes.add(goals(results, parallelism));
      notes.add(String.format(Locale.ROOT, "each pass: KafkaRunner (ORDERED or ORDERED_PER_KEY, parallelism %d, "
          + "buffer %d) with a fresh consumer group, timed from the first handler call until every record is "
          + "acknowledged and a final commit covered them", parallelism, runner.effectiveBufferSize()));
      return new BenchReport(name(), ANCHOR, results, options.overrides(), notes);
    } finally {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static List<BenchResult> issueRows(String workload, Map<String, Object> configuration,
      Map<String, List<Measurement>> passes, String tributary, String pc) {
    Map<String, Double> values = new LinkedHashMap<>();
    Map<String, String> notes = new LinkedHashMap<>();
    for (String[] c : new String[][] {{tributary, "tributary"}, {pc, VersusParallelConsumer.PC}}) {
      if (passes.containsKey(c[0])) {
        Measurement median = Measurement.median(passes.get(c[0]));
        values.put(c[1], median.rate());
        notes.put(c[1], c[0] + ": " + median.note());
      }
    }
    return VersusParallelConsumer.rows(workload, configuration, "records/s", values, notes);
  }

  /** @return issue 17's goals for this suite, as measured in this run (a table note) */
  static String goals(List<BenchResult> results, int parallelism) {
    StringBuilder s = new StringBuilder("issue 17 goals in this run (bound = min(keys, parallelism) / 5 ms):");
    for (int keys : new int[] {10, 100, 1_000}) {
      String name = "keys-" + keys + "/tributary";
      double bound = Math.min(keys, parallelism) * 1000.0 / LATENCY_MILLIS;
      results.stream().filter(r -> r.name().equals(name)).findFirst().ifPresent(r -> s.append(String.format(
          Locale.ROOT, " keys=%d: %.2f x the bound, %.2f x PC;", keys, r.value() / bound, r.ratio())));
    }
    results.stream().filter(r -> r.name().equals("partition-order/tributary")).findFirst().ifPresent(r ->
        s.append(String.format(Locale.ROOT, " partition order: %.2f x PC;", r.ratio())));
    return s.append(" goals: (b) keys=1000 >= 0.9 x the bound and >= 1.0 x PC; (c) in flight min(keys, "
        + "parallelism), keys=100 >= 0.8 x the bound, >= 1.2 x PC at 10, 100 and 1,000 keys").toString();
  }

  private static List<Contender> contenders(BenchOptions options, BenchSystem bench, String bootstrap, String topic,
      TopicLoader.Loaded loaded, ScheduledExecutorService timer, boolean filter, int keys) {
    Duration timeout = Duration.ofSeconds(60 + loaded.records() * LATENCY_MILLIS * 3 / 2 / 1000);
    long delay = TimeUnit.MILLISECONDS.toNanos(LATENCY_MILLIS);
    List<Contender> all = new ArrayList<>();
    for (Map.Entry<String, Tuning> t : options.tunings()) {
      Tuning tuning = t.getValue();
      for (String name : List.of(ANCHOR, "per-key")) {
        OrderingMode mode = name.equals(ANCHOR) ? OrderingMode.ORDERED : OrderingMode.ORDERED_PER_KEY;
        ProcessingSettings processing =
            tuning.apply(ProcessingSettings.defaults().withMode(mode).withParallelism(DEFAULT_PARALLELISM));
        all.add(new Contender(TributarySettings.name(name, t.getKey()), group -> {
          DelayedHandler handler = new DelayedHandler(timer, delay);
          return withLatency(RunnerPass.run(bench.system(), TributarySettings.of(tuning, bootstrap, group, topic),
              processing, handler, loaded.endOffsets(), timeout), handler);
        }));
      }
    }
    ProcessingSettings base = options.tuning().apply(ProcessingSettings.defaults().withParallelism(DEFAULT_PARALLELISM));
    if (keys > 1) {
      all.add(pcContender(PC_KEY, ProcessingOrder.KEY, base.parallelism(), bootstrap, topic, loaded, timer, timeout));
    }
    if (keys == PARTITION_ORDER_KEYS) {
      all.add(batchContender(options.tuning(), base, bench, bootstrap, topic, loaded, timer, timeout));
      all.add(new Contender(PC_BATCH, group -> {
        DelayedHandler handler = new DelayedHandler(timer, delay);
        Measurement m = ParallelConsumerPass.run(bootstrap, group, topic, ProcessingOrder.KEY, base.parallelism(),
            BATCH_SIZE, records -> handler.call().toCompletableFuture().join(), loaded.endOffsets(), timeout);
        return withLatency(m, handler);
      }));
    }
    // PC in PARTITION order runs at about 4 / 5 ms or less: left out of the quick (smoke) run to keep it short.
    if (keys == PARTITION_ORDER_KEYS && !options.quick()) {
      all.add(pcContender(PC_PARTITION, ProcessingOrder.PARTITION, base.parallelism(), bootstrap, topic, loaded,
          timer, timeout));
    }
    return filter ? all.stream().filter(c -> options.runs(c.name(), ANCHOR)).toList() : all;
  }

  /**
   * Tributary's batch handler, per key: batches of up to {@link #BATCH_SIZE}, one 5 ms call each. Its
   * parallelism counts records, PC's {@code maxConcurrency} counts calls: parallelism x batch size gives both the
   * same records and calls in flight (64 calls of 10).
   */
  private static Contender batchContender(Tuning tuning, ProcessingSettings base, BenchSystem bench,
      String bootstrap, String topic, TopicLoader.Loaded loaded, ScheduledExecutorService timer, Duration timeout) {
    long delay = TimeUnit.MILLISECONDS.toNanos(LATENCY_MILLIS);
    ProcessingSettings processing =
        base.withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(base.parallelism() * BATCH_SIZE);
    return new Contender(BATCH, group -> {
      DelayedHandler handler = new DelayedHandler(timer, delay);
      BatchSettings batch = BatchSettings.of(BATCH_SIZE, Duration.ofMillis(LATENCY_MILLIS));
      return withLatency(RunnerPass.runBatches(bench.system(), TributarySettings.of(tuning, bootstrap, group, topic),
          processing, batch, envelopes -> handler.call(), loaded.endOffsets(), timeout), handler);
    });
  }

  private static Measurement withLatency(Measurement m, DelayedHandler handler) {
    return new Measurement(m.records(), m.nanos(), m.note()
        + String.format(Locale.ROOT, ", handler latency %.2f ms", handler.meanMillis()));
  }

  private static Contender pcContender(String name, ProcessingOrder order, int maxConcurrency, String bootstrap,
      String topic, TopicLoader.Loaded loaded, ScheduledExecutorService timer, Duration timeout) {
    long delay = TimeUnit.MILLISECONDS.toNanos(LATENCY_MILLIS);
    return new Contender(name, group -> {
      DelayedHandler handler = new DelayedHandler(timer, delay);
      return withLatency(ParallelConsumerPass.run(bootstrap, group, topic, order, maxConcurrency,
          record -> handler.call().toCompletableFuture().join(), loaded.endOffsets(), timeout), handler);
    });
  }
}
