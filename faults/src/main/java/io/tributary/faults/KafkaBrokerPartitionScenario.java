package io.tributary.faults;

import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kafka-broker-partition}: the broker's port becomes unreachable for 20 s (a few seconds more than the
 * clients' request timeout in the quick form), then heals; the producer and the consumer carry on without a
 * restart of their own. The host's network is never touched: the scenario runs again in a child JVM inside a fresh
 * network namespace ({@code unshare -n}), where broker, producer and consumer share that namespace's
 * {@code 127.0.0.1}, and the fault is an nftables table dropping TCP to and from the broker's port. Recovery is from
 * the heal to the first processed event that was produced after the partition began.
 */
final class KafkaBrokerPartitionScenario implements Scenario {

  private static final Logger log = LoggerFactory.getLogger(KafkaBrokerPartitionScenario.class);
  static final String NAME = "kafka-broker-partition";
  /** The child's stdout line that carries its result. */
  static final String RESULT = "PARTITION-RESULT ";
  private static final String FAILURE = "PARTITION-FAILURE ";
  private static final String TABLE = "tributary_fault";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String proves() {
    return "a broker unreachable for 20 s, then back, costs neither the producer nor the consumer a message or a "
        + "restart";
  }

  /** @return why the scenario cannot run on this machine (no unshare, ip or nft, or no right to use them) */
  static Optional<String> unavailableBecause() {
    for (String tool : List.of("unshare", "ip", "nft")) {
      if (!onPath(tool)) {
        return Optional.of("'" + tool + "' is not installed (apt-get install -y nftables iproute2 util-linux)");
      }
    }
    try {
      Process p = new ProcessBuilder("unshare", "-n", "sh", "-c",
          "ip link set lo up && nft add table inet probe && nft delete table inet probe")
          .redirectErrorStream(true).start();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.of("'unshare -n' with nft did not finish within 20 s");
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 ? Optional.empty()
          : Optional.of("a private network namespace with nft rules is not allowed here (needs root): " + out);
    } catch (IOException e) {
      return Optional.of("could not start unshare: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }

  private static boolean onPath(String tool) {
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/sbin:/sbin:/usr/bin:/bin";
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  /** How long the partition lasts: 20 s, or 15 s in the quick form (past the clients' 10 s request timeout). */
  static Duration partition(Workload workload) {
    return workload.messages() <= Workload.quick().messages() ? Duration.ofSeconds(15) : Duration.ofSeconds(20);
  }

  /** Runs the scenario in a child JVM inside a fresh network namespace and reports the child's result. */
  @Override
  public ScenarioResult run(Workload workload, Path dir) throws Exception {
    Optional<String> unavailable = unavailableBecause();
    if (unavailable.isPresent()) {
      return ScenarioResult.failed(NAME, "not runnable: " + unavailable.get());
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> inner = new ArrayList<>(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        FaultsMain.class.getName(), FaultsMain.INSIDE, NAME, dir.toString(),
        Integer.toString(workload.messages()), Integer.toString(workload.keys()),
        Integer.toString(workload.ratePerSecond()), Integer.toString(workload.parallelism()),
        Long.toString(workload.handlerDelay().toNanos() / 1_000), Long.toString(workload.completionTimeout().toMillis())));
    StringBuilder script = new StringBuilder("ip link set lo up && exec");
    inner.forEach(a -> script.append(" '").append(a.replace("'", "'\\''")).append('\''));
    Path stdout = dir.resolve("inside.stdout");
    Process p = new ProcessBuilder("unshare", "-n", "sh", "-c", script.toString())
        .redirectOutput(stdout.toFile()).redirectError(dir.resolve("inside.stderr").toFile()).start();
    long bound = workload.completionTimeout().plus(partition(workload)).plusMinutes(3).toMillis();
    try {
      if (!p.waitFor(bound, TimeUnit.MILLISECONDS)) {
        return ScenarioResult.failed(NAME, "the namespaced run did not finish within " + bound + " ms");
      }
    } finally {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    return parse(Files.readAllLines(stdout, StandardCharsets.UTF_8))
        .orElseGet(() -> ScenarioResult.failed(NAME, "the namespaced run (exit " + p.exitValue()
            + ") printed no result; see " + dir.resolve("inside.stderr")));
  }

  /** The child's side: prints its result on the {@link #RESULT} line. Returns the exit code. */
  static int runInside(String[] args, PrintStream out) {
    Path dir = Path.of(args[0]);
    Workload workload = new Workload(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
        Integer.parseInt(args[4]), Duration.ofNanos(Long.parseLong(args[5]) * 1_000),
        Duration.ofMillis(Long.parseLong(args[6])));
    ScenarioResult r;
    try {
      r = new KafkaBrokerPartitionScenario().inside(workload, dir);
    } catch (Exception e) {
      log.error("{} failed inside its namespace", NAME, e);
      r = ScenarioResult.failed(NAME, e.toString());
    }
    out.println(RESULT + r.json());
    r.failure().ifPresent(f -> out.println(FAILURE + f.replace('\n', ' ')));
    out.flush();
    return r.passed() ? 0 : 1;
  }

  static Optional<ScenarioResult> parse(List<String> lines) {
    Optional<String> json = lines.stream().filter(l -> l.startsWith(RESULT)).findFirst();
    if (json.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> failure = lines.stream().filter(l -> l.startsWith(FAILURE))
        .map(l -> l.substring(FAILURE.length())).findFirst();
    String j = json.get();
    return Optional.of(new ScenarioResult(NAME, field(j, "messages"), field(j, "lost"), field(j, "duplicated"),
        field(j, "order_violations"), field(j, "recovery_ms"), failure));
  }

  private static long field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(-?\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + name + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  /** The scenario proper, in the namespace: broker, flow, the dropped port, the heal, the counts. */
  private ScenarioResult inside(Workload workload, Path dir) throws Exception {
    try (EmbeddedKafkaBroker broker = KafkaBrokers.start(dir.resolve("kafka"))) {
      String topic = "faults-partition";
      broker.createTopic(topic, 4);
      Target target = new Target(Target.Broker.KAFKA, broker.bootstrapServers(), topic, "faults-partition");
      Flow flow = Flow.start(NAME, workload, dir, target, new KafkaWorkloadProducer(broker.bootstrapServers(), topic),
          id -> workload.json(id).getBytes(StandardCharsets.UTF_8), id -> false);
      try {
        flow.awaitProcessed(workload.messages() / 5, id -> true);
        long cutAt = System.currentTimeMillis();
        long healedAt;
        nft("add table inet " + TABLE + "\n"
            + "add chain inet " + TABLE + " in { type filter hook input priority 0; policy accept; }\n"
            + "add chain inet " + TABLE + " out { type filter hook output priority 0; policy accept; }\n"
            + "add rule inet " + TABLE + " in tcp dport " + broker.port() + " drop\n"
            + "add rule inet " + TABLE + " in tcp sport " + broker.port() + " drop\n"
            + "add rule inet " + TABLE + " out tcp dport " + broker.port() + " drop\n"
            + "add rule inet " + TABLE + " out tcp sport " + broker.port() + " drop\n");
        try {
          log.info("{}: port {} dropped for {}", NAME, broker.port(), partition(workload));
          Poll.until(partition(workload).plusSeconds(5), "the partition's end",
              () -> System.currentTimeMillis() - cutAt >= partition(workload).toMillis());
        } finally {
          nft("delete table inet " + TABLE + "\n");
          healedAt = System.currentTimeMillis();
        }
        if (nftOutput("list tables").contains(TABLE)) {
          return ScenarioResult.failed(NAME, "the nft table " + TABLE + " was left behind");
        }
        log.info("{}: healed after {} ms", NAME, healedAt - cutAt);
        flow.awaitAll(id -> true);
        flow.stopConsumer();
        List<Verifier.Line> lines = flow.lines();
        Verifier.Counts counts = Verifier.count(lines, workload.messages(), id -> true);
        Optional<Long> recovery = Verifier.recoveryMs(lines, healedAt,
            l -> flow.producer.sentAtMillis(l.id()) >= cutAt)
            .or(() -> Verifier.recoveryMs(lines, healedAt, l -> true));
        ScenarioResult r = new ScenarioResult(NAME, workload.messages(), counts.lost(), counts.duplicated(),
            counts.orderViolations(), recovery.orElse(-1L), Optional.empty());
        return recovery.isPresent() ? r : r.withFailure("nothing was processed after the heal");
      } finally {
        flow.close();
      }
    }
  }

  private static void nft(String script) throws Exception {
    Process p = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
    p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("nft failed: " + out.trim());
    }
  }

  private static String nftOutput(String command) throws Exception {
    Process p = new ProcessBuilder(("nft " + command).split(" ")).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return out;
  }
}
