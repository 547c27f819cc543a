package io.tributary.samples.cluster;

import io.tributary.cli.TributaryCommand;
import io.tributary.cli.commands.CommandFailedException;
import io.tributary.cli.commands.SampleProducer;
import io.tributary.cli.commands.Topics;
import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary cluster-demo}: a Tributary cluster consuming Kafka, with a node killed. Starts
 * the embedded broker, a topic of several partitions and {@code --nodes} {@code tributary node}
 * child JVMs (all joining the first, one consumer group, each with its own output file), produces
 * {@code --events} sample records (a per-key sequence number in each value), with {@code
 * --kill-one} SIGKILLs the last node once a share of them was processed, waits until the union of
 * the output files holds every event, stops the other nodes with SIGTERM and prints one summary
 * line:
 *
 * <pre>
 * cluster-demo: nodes=3 killed=1 events=N processed=N lost=0 duplicates=D order_violations=0 elapsed_ms=... rate_per_s=...
 * </pre>
 *
 * <p>processed counts distinct events, lost the produced ones never processed, duplicates the
 * lines beyond the first per partition and offset (a killed node's uncommitted records are
 * processed again), order_violations the first processings, per key within one node's file, of a
 * sequence number lower than an earlier one. The recovery time is measured from the SIGKILL until
 * the group's committed offset moved on every partition the killed node owned (found by its
 * {@code client.id} in the group's description): a survivor took them over, processed and committed
 * past where the killed node stopped; the demo also prints the parts of that time. With {@code
 * --stop-one} the last node is stopped gracefully instead (SIGTERM mid-stream): it drains, commits
 * and hands its workers off, so the others go on without duplicates (killed=0 in the summary).
 * Exits 0 only if nothing was lost and nothing reordered (and a stopped node exited 0); child
 * JVMs never outlive it (also on Ctrl-C).
 */
@Command(name = "cluster-demo", mixinStandardHelpOptions = true,
    description = "Starts the embedded Kafka broker and a cluster of `tributary node` processes, runs a keyed "
        + "workload across them (with --kill-one, one node is SIGKILLed mid-stream), and checks that every event "
        + "was processed, in order per key.")
public final class ClusterDemoCommand implements TributaryCommand {

  private static final String P = "cluster-demo: ";

  @Spec
  private CommandSpec spec;

  @Option(names = "--nodes", defaultValue = "3", paramLabel = "N",
      description = "Cluster nodes, one child JVM each (default: ${DEFAULT-VALUE}).")
  private int nodes;

  @Option(names = "--events", defaultValue = "20000", paramLabel = "N",
      description = "Events to produce and process (default: ${DEFAULT-VALUE}).")
  private int events;

  @Option(names = "--kill-one", description = "SIGKILL one node (not the first) mid-stream.")
  private boolean killOne;

  @Option(names = "--stop-one",
      description = "SIGTERM one node (not the first) mid-stream: a graceful stop, so no duplicates either.")
  private boolean stopOne;

  @Option(names = "--keys", defaultValue = "100", paramLabel = "K",
      description = "Distinct keys (default: ${DEFAULT-VALUE}).")
  private int keys;

  @Option(names = "--partitions", defaultValue = "6", paramLabel = "P",
      description = "Partitions of the topic (default: ${DEFAULT-VALUE}).")
  private int partitions;

  @Option(names = "--parallelism", defaultValue = "16", paramLabel = "N",
      description = "Records in flight per node (default: ${DEFAULT-VALUE}).")
  private int parallelism;

  @Option(names = "--handler-delay-ms", defaultValue = "2", paramLabel = "D",
      description = "Simulated I/O per event in the workers (default: ${DEFAULT-VALUE}).")
  private long handlerDelayMs;

  @Option(names = "--kill-after", defaultValue = "0.3", paramLabel = "FRACTION",
      description = "With --kill-one: kill once this share of the events was processed (default: ${DEFAULT-VALUE}).")
  private double killAfter;

  @Option(names = "--stable-after", defaultValue = "5s", paramLabel = "DURATION",
      description = "The nodes' Split Brain Resolver stable-after (default: ${DEFAULT-VALUE}).")
  private String stableAfter;

  @Option(names = "--session-timeout-ms", defaultValue = "6000", paramLabel = "MS",
      description = "The nodes' Kafka session timeout: a killed node's partitions move after it (default: "
          + "${DEFAULT-VALUE}, the broker's smallest allowed).")
  private int sessionTimeoutMs;

  @Option(names = "--ask-timeout-ms", defaultValue = "2000", paramLabel = "MS",
      description = "The nodes' ask timeout: a record sent to a lost node's worker is sent again after it "
          + "(default: ${DEFAULT-VALUE}).")
  private long askTimeoutMs;

  @Option(names = "--partition-aligned",
      description = "The nodes place a partition's keys' workers on the node consuming the partition (no network "
          + "hop; a killed node's keys move with its partitions).")
  private boolean partitionAligned;

  @Option(names = "--timeout-seconds", defaultValue = "300", paramLabel = "S",
      description = "Give up when the events are not all processed after S seconds (default: ${DEFAULT-VALUE}).")
  private long timeoutSeconds;

  @Option(names = "--keep-output",
      description = "Keep the nodes' output and logs (a temp directory) also when the run succeeded.")
  private boolean keepOutput;

  private final List<NodeProcess> children = new ArrayList<>();

  @Override
  public Integer call() {
    if (nodes < 1 || events < 1 || keys < 1 || partitions < 1 || parallelism < 1 || handlerDelayMs < 0
        || timeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--nodes, --events, --keys, --partitions, --parallelism and"
          + " --timeout-seconds must be >= 1, --handler-delay-ms >= 0");
    }
    if ((killOne || stopOne) && nodes < 2) {
      throw new ParameterException(spec.commandLine(),
          "--kill-one and --stop-one need --nodes >= 2 (the first is never stopped)");
    }
    if (killOne && stopOne) {
      throw new ParameterException(spec.commandLine(), "--kill-one and --stop-one exclude each other");
    }
    if (!(killAfter > 0 && killAfter < 1)) {
      throw new ParameterException(spec.commandLine(), "--kill-after must be between 0 and 1, got " + killAfter);
    }
    Thread reaper = new Thread(this::killChildren, "cluster-demo-reaper");
    Runtime.getRuntime().addShutdownHook(reaper); // Ctrl-C: no orphan node
    EmbeddedKafkaBroker broker = null;
    Path dir = null;
    boolean keepDir = true;
    try {
      dir = Files.createTempDirectory("tributary-cluster-demo-");
      System.out.println(P + "starting the embedded Kafka broker (KRaft) on 127.0.0.1 ...");
      broker = EmbeddedKafkaBroker.builder().build().start();
      int code = run(broker.bootstrapServers(), dir);
      keepDir = code != 0 || keepOutput;
      return code;
    } catch (CommandFailedException e) {
      System.out.println(P + "failed: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.out.println(P + "interrupted");
      return 1;
    } catch (Exception e) {
      System.out.println(P + "failed: " + e);
      return 1;
    } finally {
      killChildren();
      if (broker != null) {
        broker.close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs anyway
      }
      if (dir != null) {
        if (keepDir) {
          System.out.println(P + "the nodes' output and logs are in " + dir);
        } else {
          deleteQuietly(dir);
        }
      }
    }
  }

  private int run(String bootstrap, Path dir) throws Exception {
    String topic = "tributary-cluster-demo-" + System.currentTimeMillis();
    String group = topic + "-group";
    Topics.createIfMissing(bootstrap, topic, partitions, Duration.ofSeconds(30));
    List<String> nodeArguments = new ArrayList<>(List.of("--bootstrap-servers", bootstrap, "--topic", topic,
        "--group", group, "--parallelism", Integer.toString(parallelism), "--handler-delay-ms",
        Long.toString(handlerDelayMs), "--stable-after", stableAfter, "--session-timeout-ms",
        Integer.toString(sessionTimeoutMs), "--ask-timeout-ms", Long.toString(askTimeoutMs)));
    if (partitionAligned) {
      nodeArguments.add("--partition-aligned");
    }
    long startedAt = System.nanoTime();
    Integer seed = null;
    for (int i = 1; i <= nodes; i++) {
      int port = freePort();
      NodeProcess node = NodeProcess.start(i, port, seed, nodeArguments, dir);
      children.add(node);
      System.out.printf("%sstarting node %d on 127.0.0.1:%d (pid %d, client.id %s)%n", P, i, port, node.pid(),
          node.clientId());
      if (seed == null) {
        seed = port;
      }
    }
    try (GroupWatch watch = new GroupWatch(bootstrap, group, topic)) {
      awaitReady(watch, startedAt, Duration.ofSeconds(120));
      System.out.printf("%scluster of %d nodes up, consumer group stable with %d partitions, in %d ms%n", P, nodes,
          partitions, millisSince(startedAt));
      return workload(bootstrap, topic, watch, dir);
    }
  }

  private void awaitReady(GroupWatch watch, long startedAt, Duration bound) throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    Set<Integer> announced = new TreeSet<>();
    while (true) {
      for (NodeProcess n : children) {
        if (!n.isAlive()) {
          throw new CommandFailedException("node " + n.index() + " exited before it was ready:"
              + System.lineSeparator() + n.stderrTail(15), null);
        }
      }
      boolean ready = true;
      for (NodeProcess n : children) {
        boolean r = n.isReady();
        if (r && announced.add(n.index())) {
          System.out.printf("%snode %d ready (a cluster member, consuming) %d ms after the start%n", P, n.index(),
              millisSince(startedAt));
        }
        ready &= r;
      }
      if (ready) {
        Map<String, Set<Integer>> assignments = watch.assignments();
        int assigned = assignments.values().stream().mapToInt(Set::size).sum();
        if (assignments.size() == nodes && assigned == partitions && watch.isStable()) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        StringBuilder why = new StringBuilder("the cluster and its consumer group were not ready within "
            + bound.toSeconds() + " s");
        for (NodeProcess n : children) {
          if (!n.isReady()) {
            Path dump = n.threadDump(Duration.ofSeconds(20));
            why.append(System.lineSeparator()).append("  node ").append(n.index()).append(" (pid ").append(n.pid())
                .append(") not ready; thread dump: ").append(dump == null ? "could not be taken" : dump)
                .append("; last stderr lines:").append(System.lineSeparator()).append(n.stderrTail(5));
          }
        }
        throw new CommandFailedException(why.toString(), null);
      }
      Thread.sleep(200);
    }
  }

  private int workload(String bootstrap, String topic, GroupWatch watch, Path dir) throws Exception {
    System.out.printf("%sproducing %,d events to %s (%d partitions, %d keys)%n", P, events, topic, partitions, keys);
    long t0 = System.nanoTime();
    // A thread of its own: supplyAsync without an executor would use the common pool, which on 2 cores
    // starts a new thread per task.
    CompletableFuture<SampleProducer.Outcome> production = new CompletableFuture<>();
    Thread producer = new Thread(() -> {
      try {
        production.complete(SampleProducer.produce(bootstrap, topic, events, keys, Duration.ofSeconds(60)));
      } catch (Throwable t) {
        production.completeExceptionally(t);
      }
    }, "cluster-demo-producer");
    producer.setDaemon(true);
    producer.start();
    OutputTally tally = new OutputTally(children.stream().map(NodeProcess::out).toList());
    long deadline = t0 + Duration.ofSeconds(timeoutSeconds).toNanos();
    long nextProgress = System.nanoTime();
    NodeProcess victim = null;
    long killedAt = 0;
    Set<Integer> victimPartitions = Set.of();
    Map<Integer, Long> committedAtKill = Map.of();
    boolean reassigned = false;
    long reassignedMs = -1;
    boolean recovered = false;
    Map<String, Long> membership = new LinkedHashMap<>(); // what node 1 saw of the victim, ms after the kill
    int killed = 0;
    Integer stoppedExit = null; // --stop-one: the stopped node's exit code once it exited
    while (true) {
      tally.refresh();
      long processed = tally.processed(events);
      if (production.isDone()) {
        SampleProducer.Outcome outcome = production.join();
        if (outcome.acked() != events) {
          throw new CommandFailedException("only " + outcome.acked() + " of " + events + " events were produced"
              + (outcome.firstError() == null ? "" : ": " + outcome.firstError().getMessage()), null);
        }
      }
      if (killOne && victim == null && processed >= (long) (killAfter * events)) {
        victim = children.get(children.size() - 1);
        victimPartitions = watch.assignments().getOrDefault(victim.clientId(), Set.of());
        committedAtKill = watch.committed();
        victim.kill();
        killedAt = System.nanoTime();
        killed = 1;
        System.out.printf("%skilled node %d (127.0.0.1:%d, pid %d, partitions %s) with SIGKILL at %,d/%,d events"
            + " processed%n", P, victim.index(), victim.port(), victim.pid(), victimPartitions, processed, events);
      }
      if (stopOne && victim == null && processed >= (long) (killAfter * events)) {
        victim = children.get(children.size() - 1);
        victim.terminate();
        killedAt = System.nanoTime();
        System.out.printf("%sstopping node %d (127.0.0.1:%d, pid %d) with SIGTERM at %,d/%,d events processed%n", P,
            victim.index(), victim.port(), victim.pid(), processed, events);
      }
      if (stopOne && victim != null && stoppedExit == null && !victim.isAlive()) {
        stoppedExit = victim.awaitExit(1_000);
        System.out.printf("%snode %d stopped mid-stream with SIGTERM (exit code %d) after %d ms%n", P,
            victim.index(), stoppedExit, millisSince(killedAt));
      }
      if (killOne && victim != null && !recovered) {
        if (!reassigned && survivorsOwn(watch.assignments(), victim, victimPartitions)) {
          reassigned = true;
          reassignedMs = millisSince(killedAt);
          System.out.printf("%sthe killed node's partitions %s were reassigned to the survivors %d ms after the"
              + " kill%n", P, victimPartitions, millisSince(killedAt));
        }
        for (String change : List.of("unreachable", "downed", "removed")) {
          if (!membership.containsKey(change)
              && children.get(0).stderrContains("node: member 127.0.0.1:" + victim.port() + " " + change)) {
            membership.put(change, millisSince(killedAt));
            System.out.printf("%snode 1 saw the killed node %s %d ms after the kill%n", P, change,
                membership.get(change));
          }
        }
        if (reassigned && movedOn(watch, victimPartitions, committedAtKill)) {
          recovered = true;
          long recoveryMs = millisSince(killedAt);
          System.out.printf("%srecovery: %d ms from the SIGKILL until the group's committed offset moved on every"
              + " partition the killed node owned %s%n", P, recoveryMs, victimPartitions);
          System.out.printf("%srecovery parts: Kafka reassigned the partitions after %d ms (session timeout %d ms,"
                  + " then a rebalance); Pekko downed the node after %s ms (failure detection: unreachable after %s"
                  + " ms, then stable-after %s), removed it after %s ms; records for its workers are asked again"
                  + " every %d ms%n", P, reassignedMs, sessionTimeoutMs, seen(membership, "downed"),
              seen(membership, "unreachable"), stableAfter, seen(membership, "removed"), askTimeoutMs);
        }
      }
      for (NodeProcess n : children) {
        if (n != victim && !n.isAlive()) {
          throw new CommandFailedException("node " + n.index() + " exited unexpectedly:" + System.lineSeparator()
              + n.stderrTail(15), null);
        }
      }
      if (processed >= events && (victim == null || recovered || stoppedExit != null)) {
        break;
      }
      if (System.nanoTime() > deadline) {
        System.out.printf("%sgave up after %d s with %,d of %,d events processed%n", P, timeoutSeconds, processed,
            events);
        break;
      }
      if (System.nanoTime() >= nextProgress) {
        System.out.printf("%sprogress: %,d/%,d events processed%n", P, processed, events);
        nextProgress = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      }
      Thread.sleep(100);
    }
    long elapsedMs = millisSince(t0);
    stopSurvivors(victim);
    tally.refresh();
    long processed = tally.processed(events);
    long lost = events - processed;
    System.out.printf("%snodes=%d killed=%d events=%d processed=%d lost=%d duplicates=%d order_violations=%d"
            + " elapsed_ms=%d rate_per_s=%d%n", P, nodes, killed, events, processed, lost, tally.duplicates(),
        tally.orderViolations(), elapsedMs, elapsedMs == 0 ? 0 : processed * 1000 / elapsedMs);
    return lost == 0 && tally.orderViolations() == 0 && (stoppedExit == null || stoppedExit == 0) ? 0 : 1;
  }

  private static String seen(Map<String, Long> membership, String change) {
    Long ms = membership.get(change);
    return ms == null ? "(not seen yet)" : Long.toString(ms);
  }

  private static boolean survivorsOwn(Map<String, Set<Integer>> assignments, NodeProcess victim,
      Set<Integer> victimPartitions) {
    if (assignments.containsKey(victim.clientId())) {
      return false;
    }
    Set<Integer> owned = new TreeSet<>();
    assignments.values().forEach(owned::addAll);
    return owned.containsAll(victimPartitions);
  }

  /**
   * Whether the committed offset moved past its value at the kill on every partition of {@code
   * victimPartitions} that still had records to process then.
   */
  private static boolean movedOn(GroupWatch watch, Set<Integer> victimPartitions, Map<Integer, Long> committedAtKill)
      throws Exception {
    Map<Integer, Long> now = watch.committed();
    Map<Integer, Long> ends = watch.endOffsets(victimPartitions);
    for (int p : victimPartitions) {
      long before = committedAtKill.getOrDefault(p, -1L);
      if (before >= ends.getOrDefault(p, 0L)) {
        continue; // nothing was left to process there
      }
      if (now.getOrDefault(p, -1L) <= before) {
        return false;
      }
    }
    return true;
  }

  private void stopSurvivors(NodeProcess victim) throws InterruptedException {
    // One by one, newest first: nodes leaving at the same time each wait for Pekko's exiting timeout.
    List<NodeProcess> survivors = new ArrayList<>(children.stream().filter(n -> n != victim && n.isAlive()).toList());
    Collections.reverse(survivors);
    for (NodeProcess n : survivors) {
      long t = System.nanoTime();
      n.terminate();
      Integer code = n.awaitExit(60_000);
      if (code == null) {
        System.out.printf("%snode %d did not stop within 60 s of SIGTERM: killing it%n", P, n.index());
        n.kill();
      } else {
        System.out.printf("%sstopped node %d with SIGTERM (exit code %d) after %d ms%n", P, n.index(), code,
            millisSince(t));
      }
    }
  }

  private void killChildren() {
    for (NodeProcess n : children) {
      if (n.isAlive()) {
        try {
          n.kill();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
