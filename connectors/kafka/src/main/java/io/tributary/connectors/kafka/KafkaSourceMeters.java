package io.tributary.connectors.kafka;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka source's own meters: consumer lag per partition, commit latency and count, assigned partitions,
 * and the Kafka client's metrics through Micrometer's {@link KafkaClientMetrics} (the consumer instance is
 * caught by the consumer factory of the source's {@code ConsumerSettings}).
 *
 * <p>{@code tributary.kafka.consumer.lag} per partition is the end offset minus the committed offset, as
 * far as this consumer knows without asking the broker: the client's {@code records-lag} (end offset minus
 * fetch position, updated on each fetch) plus the offsets handed to the runner past the commit point. The
 * records of the last poll that the stream still buffers (not yet handed out) are not counted, so it reads
 * low by at most one poll ({@code max.poll.records}) per partition while the consumer is behind.
 */
final class KafkaSourceMeters implements OffsetTracker.Observer {

  private static final Logger log = LoggerFactory.getLogger(KafkaSourceMeters.class);
  private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";
  private static final long RECORDS_LAG_TTL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  private final OffsetTracker tracker;
  private volatile Consumer<?, ?> consumer;
  // guarded by this
  private MeterRegistry registry;
  private Tags tags;
  private Timer commits;
  private Timer failedCommits;
  private KafkaClientMetrics clientMetrics;
  private ScheduledExecutorService clientMetricsRefresh;
  private final List<Meter> meters = new ArrayList<>();
  private final Map<TopicPartition, Gauge> lagGauges = new HashMap<>();
  // records-lag per partition, read from the client's metrics at most every RECORDS_LAG_TTL_NANOS
  private volatile Map<TopicPartition, Double> recordsLag = Map.of();
  private volatile long recordsLagReadAt;

  private final FetchWatch fetchWatch;

  /**
   * @param tracker the source's offsets
   * @param stuckAfter how long a partition may be behind with no fetch progress before it is reported
   */
  KafkaSourceMeters(OffsetTracker tracker, Duration stuckAfter) {
    this.tracker = tracker;
    this.fetchWatch = new FetchWatch(stuckAfter);
  }

  /**
   * @return partitions whose fetch is stuck (see {@link FetchWatch}), one description each, e.g. {@code
   *     orders-2: 120 behind, no fetch progress for 31 s}
   */
  List<String> stuckFetches() {
    Map<TopicPartition, Double> lags = recordsLag();
    Map<TopicPartition, FetchWatch.Fetch> fetches = new HashMap<>();
    for (TopicPartition tp : tracker.owned()) {
      fetches.put(tp, new FetchWatch.Fetch(tracker.lastHandedOut(tp), lags.getOrDefault(tp, Double.NaN)));
    }
    return fetchWatch.check(System.nanoTime(), tracker.open() == 0, fetches);
  }

  /** The source's consumer factory created the consumer: bind its metrics when bound already. */
  synchronized void consumerCreated(Consumer<?, ?> created) {
    consumer = created;
    if (registry != null && clientMetrics == null) {
      bindClient();
    }
  }

  /** Registers the meters, tagged with the runner's tags; {@link #unbind()} removes them. */
  synchronized void bind(MeterRegistry target, Tags runnerTags) {
    if (registry != null) {
      return;
    }
    registry = target;
    tags = runnerTags;
    commits = Timer.builder("tributary.kafka.commit.duration")
        .description("an offset commit, from sending it to the broker's answer")
        .tags(tags).tag("outcome", "success").register(registry);
    failedCommits = Timer.builder("tributary.kafka.commit.duration")
        .description("an offset commit, from sending it to the broker's answer")
        .tags(tags).tag("outcome", "failure").register(registry);
    meters.add(commits);
    meters.add(failedCommits);
    meters.add(Gauge.builder("tributary.kafka.assigned.partitions", tracker, t -> t.owned().size())
        .description("partitions assigned to this consumer now").tags(tags).strongReference(true)
        .register(registry));
    meters.add(FunctionCounter.builder("tributary.kafka.commits", tracker, OffsetTracker::commits)
        .description("offset commits that succeeded").tags(tags).register(registry));
    tracker.observe(this);
    assignmentChanged();
    if (consumer != null) {
      bindClient();
    }
  }

  private void bindClient() {
    try {
      // Looks for new client metrics (per-partition ones appear after assignment) every 10 s, not 60.
      clientMetricsRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "tributary-kafka-client-metrics");
        t.setDaemon(true);
        return t;
      });
      clientMetrics = new KafkaClientMetrics(consumer, tags, clientMetricsRefresh, Duration.ofSeconds(10));
      clientMetrics.bindTo(registry);
    } catch (RuntimeException e) {
      log.warn("the Kafka client's metrics could not be bound: {}", e.toString());
      clientMetrics = null;
    }
  }

  /** Removes every meter registered by {@link #bind}. */
  synchronized void unbind() {
    if (registry == null) {
      return;
    }
    tracker.observe(null);
    if (clientMetrics != null) {
      clientMetrics.close();
      clientMetrics = null;
    }
    if (clientMetricsRefresh != null) {
      clientMetricsRefresh.shutdownNow();
      clientMetricsRefresh = null;
    }
    meters.forEach(registry::remove);
    lagGauges.values().forEach(registry::remove);
    meters.clear();
    lagGauges.clear();
    registry = null;
  }

  @Override
  public void committed(long nanos, boolean ok) {
    Timer t = ok ? commits : failedCommits;
    if (t != null) {
      t.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Keeps one lag gauge per owned partition: new ones for assigned partitions, none for revoked ones. */
  @Override
  public synchronized void assignmentChanged() {
    if (registry == null) {
      return;
    }
    Set<TopicPartition> owned = tracker.owned();
    lagGauges.entrySet().removeIf(e -> {
      if (!owned.contains(e.getKey())) {
        registry.remove(e.getValue());
        return true;
      }
      return false;
    });
    for (TopicPartition tp : owned) {
      lagGauges.computeIfAbsent(tp, p -> Gauge.builder("tributary.kafka.consumer.lag", this, m -> m.lagOf(p))
          .description("messages behind: end offset minus committed offset (see docs/operating.md)")
          .tags(tags).tag("topic", p.topic()).tag("partition", Integer.toString(p.partition()))
          .strongReference(true).register(registry));
    }
  }

  private double lagOf(TopicPartition tp) {
    return tracker.lag(tp, recordsLag().getOrDefault(tp, Double.NaN));
  }

  private Map<TopicPartition, Double> recordsLag() {
    long now = System.nanoTime();
    Consumer<?, ?> c = consumer;
    if (c == null || now - recordsLagReadAt < RECORDS_LAG_TTL_NANOS) {
      return recordsLag;
    }
    Map<TopicPartition, Double> read = new HashMap<>();
    try {
      // The client's metrics map is safe to read from any thread (unlike the consumer's other methods).
      for (Map.Entry<MetricName, ? extends Metric> e : c.metrics().entrySet()) {
        MetricName n = e.getKey();
        if ("records-lag".equals(n.name()) && FETCH_GROUP.equals(n.group()) && n.tags().containsKey("partition")) {
          Object v = e.getValue().metricValue();
          if (v instanceof Number number) {
            read.put(new TopicPartition(n.tags().get("topic"), Integer.parseInt(n.tags().get("partition"))),
                number.doubleValue());
          }
        }
      }
    } catch (RuntimeException e) {
      log.debug("reading the consumer's records-lag: {}", e.toString());
    }
    recordsLag = read;
    recordsLagReadAt = now;
    return read;
  }
}
