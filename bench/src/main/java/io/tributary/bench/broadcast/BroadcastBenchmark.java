package io.tributary.bench.broadcast;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sender fanning values out to 1 or 4 receivers through each {@link Contender}, capacity
 * {@value #CAPACITY}.
 *
 * <p>Each invocation sends the same {@value #VALUES_PER_INVOCATION} pre-allocated {@code Long}s
 * (no allocation is measured) from the JMH thread, then waits until every receiver has seen the
 * last one. So the primary score, in values per second, is the sender's rate, which for lossless
 * receivers is also each receiver's delivery rate. {@link DeliveryCounters} adds what receivers
 * actually got ({@code delivered}) and lost ({@code missed}) per second; LAG receivers always see
 * the last value, because nothing is sent after it until they all have. Each invocation checks
 * that every receiver accounted for every value (delivered + missed = sent).
 *
 * <p>The receivers run on their own threads: 4 receivers and a sender oversubscribe a 2-core
 * machine, by design. Every wait is bounded ({@value #INVOCATION_TIMEOUT_SECONDS} s per
 * invocation), so a stalled contender fails its benchmark rather than hanging the run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@Threads(1) // the single sender
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class BroadcastBenchmark {

  /** Values sent per invocation, hence JMH operations per invocation. */
  public static final int VALUES_PER_INVOCATION = 1_000_000;

  /** Buffer size of every contender. */
  public static final int CAPACITY = 1024;

  static final int INVOCATION_TIMEOUT_SECONDS = 60;

  /** The implementation under test. */
  @Param({"CHANNEL_LAG", "CHANNEL_LAG_PACED", "CHANNEL_BACKPRESSURE", "CHANNEL_MIX", "DISRUPTOR_YIELDING",
      "DISRUPTOR_BLOCKING", "PEKKO_BROADCAST_HUB", "SUBMISSION_PUBLISHER"})
  public Contender contender;

  /** How many receivers get every value. */
  @Param({"1", "4"})
  public int receivers;

  private Long[] values;
  private ReceiverProbe[] probes;
  private Fanout fanout;
  /** Batches sent so far (this trial). */
  private long batches;
  /** Per receiver, totals at the end of the previous invocation. */
  private long[] deliveredSoFar;
  private long[] missedSoFar;

  @Setup(Level.Trial)
  public void setUp() {
    values = new Long[VALUES_PER_INVOCATION];
    for (int i = 0; i < values.length; i++) {
      values[i] = Long.valueOf(i + 1_000L); // above the Long cache: every value a distinct object
    }
    probes = new ReceiverProbe[receivers];
    for (int i = 0; i < receivers; i++) {
      probes[i] = new ReceiverProbe(values[values.length - 1]);
    }
    deliveredSoFar = new long[receivers];
    missedSoFar = new long[receivers];
    batches = 0;
    fanout = contender.open(CAPACITY, probes);
  }

  @Benchmark
  @OperationsPerInvocation(VALUES_PER_INVOCATION)
  public void broadcast(DeliveryCounters counters) {
    Deadline deadline = Deadline.after(Duration.ofSeconds(INVOCATION_TIMEOUT_SECONDS));
    fanout.publish(values, deadline);
    batches++;
    awaitReceivers(deadline);
    account(counters);
  }

  /** Waits, with the same yielding back-off as the spinning contenders, until all saw the last value. */
  private void awaitReceivers(Deadline deadline) {
    YieldingBackoff backoff = YieldingBackoff.sender();
    for (int i = 0; i < probes.length; i++) {
      ReceiverProbe probe = probes[i];
      while (probe.batches() < batches) {
        deadline.check("receiver " + i + " to get the last value of batch " + batches);
        backoff.idle();
      }
    }
  }

  private void account(DeliveryCounters counters) {
    long delivered = 0;
    long missed = 0;
    for (int i = 0; i < probes.length; i++) {
      long gotNow = probes[i].count();
      long missedNow = fanout.missed(i);
      long got = gotNow - deliveredSoFar[i];
      long lost = missedNow - missedSoFar[i];
      if (got + lost != VALUES_PER_INVOCATION) {
        throw new IllegalStateException(contender + ": receiver " + i + " got " + got + " and missed "
            + lost + " values of a batch of " + VALUES_PER_INVOCATION);
      }
      deliveredSoFar[i] = gotNow;
      missedSoFar[i] = missedNow;
      delivered += got;
      missed += lost;
    }
    counters.delivered += (double) delivered / probes.length;
    counters.missed += (double) missed / probes.length;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fanout.close();
    StringBuilder summary = new StringBuilder()
        .append(String.format("%n[%s, %d receiver(s)] %,d values sent in %d batches (warm-up included)",
            contender, receivers, batches * VALUES_PER_INVOCATION, batches));
    for (int i = 0; i < probes.length; i++) {
      summary.append(String.format("%n  receiver %d: delivered %,d, missed %,d (checksum %d)",
          i, deliveredSoFar[i], missedSoFar[i], probes[i].sum()));
    }
    System.out.println(summary);
  }
}
