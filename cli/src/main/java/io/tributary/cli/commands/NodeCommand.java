package io.tributary.cli.commands;

import io.tributary.streams.settings.Secrets;
import io.tributary.cli.broker.Endpoints;
import io.tributary.cli.runtime.MetricsPortOption;
import io.tributary.cli.runtime.ServiceRuntime;
import io.tributary.cli.runtime.SimulatedIo;
import io.tributary.cluster.ClusterNode;
import io.tributary.cluster.ClusterSettings;
import io.tributary.cluster.HostPort;
import io.tributary.cluster.workers.KeyedWorkerSettings;
import io.tributary.cluster.workers.KeyedWorkers;
import io.tributary.cluster.workers.PartitionAlignment;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.pekko.Done;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.tributary.cli.runtime.ClientConfigOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary node}: one node of a Tributary cluster consuming a Kafka topic. The node is a
 * Pekko Cluster member ({@link ClusterNode}: joins the {@code --join} nodes, or forms a cluster on
 * its own without them), hosts keyed workers ({@link KeyedWorkers}, one per key, sharded over the
 * cluster, named after the group so every node of the group shares them) and is a member of the
 * Kafka consumer group. Its {@link KafkaRunner} runs ordered per key ({@code --parallelism} in
 * flight) and sends each record to its key's worker, wherever that lives; the worker waits {@code
 * --handler-delay-ms} without holding a thread, then appends {@code
 * <partition>\t<offset>\t<key>\t<value>} to the {@code --out} file of the node it runs on (stdout
 * without one), flushed before the record may be acknowledged. So the union of the nodes' files
 * holds every record, and a key's lines are in order within each file.
 *
 * <p>Membership changes go to stderr, one line each ({@code node: member 127.0.0.1:25521 up}), and
 * once the node is up and consuming, a ready line ({@code node: ready address=... client_id=...}).
 * SIGTERM or Ctrl-C stops gracefully (stop intake, drain, commit, hand the shards off, leave the
 * cluster) and exits 0; a node the cluster downed exits 1; bad flags exit 2.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = {
        "Runs one node of a Tributary cluster (Pekko Cluster) that consumes a Kafka topic with the other nodes "
            + "of its consumer group: each record goes to its key's worker, wherever in the cluster it lives, which "
            + "appends <partition>\\t<offset>\\t<key>\\t<value> to its own node's --out before the record is "
            + "acknowledged. Membership changes and a ready line are printed on stderr.",
        "The Kafka consumer uses a short session timeout (6 s, the broker's default minimum; heartbeat 1 s) so "
            + "that a killed node's partitions move to the others quickly, and cooperative (incremental) rebalancing. "
            + "SIGTERM: stop intake, drain, commit, hand off, leave; exit 0."})
public final class NodeCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s)?");
  /** The prefix of every line this command prints on stderr. */
  static final String PREFIX = "node: ";
  /** The exit code of a stop that abandoned started records at the drain deadline (as {@code consume}). */
  static final int EXIT_ABANDONED = 3;

  @Spec
  private CommandSpec spec;

  @Mixin
  private MetricsPortOption metrics;

  @Option(names = "--port", required = true, paramLabel = "P",
      description = "The cluster (Artery TCP) port of this node; 0 picks a free one.")
  private int port;

  @Option(names = "--hostname", defaultValue = "127.0.0.1", paramLabel = "HOST",
      description = "The host this node binds to and the others reach it at (default: ${DEFAULT-VALUE}).")
  private String hostname;

  @Option(names = "--join", paramLabel = "HOST:PORT",
      description = "A node of the cluster to join (repeatable; the seed nodes). None: this node forms a cluster.")
  private List<String> joins = new ArrayList<>();

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT",
      description = "The Kafka bootstrap servers.")
  private String bootstrapServers;

  @Mixin
  private ClientConfigOption clientConfig;

  /** The resolved {@code --client-config}, loaded with the other checks before anything starts. */
  private Map<String, String> clientProperties = Map.of();

  @Option(names = "--topic", required = true, paramLabel = "T", description = "The topic to consume.")
  private String topic;

  @Option(names = "--group", required = true, paramLabel = "G",
      description = "The consumer group, the same on every node; it also names the keyed workers.")
  private String group;

  @Option(names = "--parallelism", defaultValue = "16", paramLabel = "N",
      description = "Records of this node's partitions in flight at most, across keys (default: ${DEFAULT-VALUE}).")
  private int parallelism;

  @Option(names = "--handler-delay-ms", defaultValue = "0", paramLabel = "D",
      description = "Simulated I/O per record in the worker, without blocking a thread (default: ${DEFAULT-VALUE}).")
  private long handlerDelayMs;

  @Option(names = "--out", paramLabel = "FILE",
      description = "Append one line per record this node's workers process here (default: stdout).")
  private Path out;

  @Option(names = "--partition-aligned",
      description = "Place a partition's keys' workers on the node consuming that partition (no network hop).")
  private boolean partitionAligned;

  @Option(names = "--stable-after", defaultValue = "10s", paramLabel = "DURATION",
      description = "How long membership must be stable before the Split Brain Resolver downs unreachable nodes, "
          + "e.g. 5s or 2500ms (default: ${DEFAULT-VALUE}).")
  private String stableAfter;

  @Option(names = "--session-timeout-ms", defaultValue = "6000", paramLabel = "MS",
      description = "Kafka consumer session timeout: a killed node's partitions move after it (default: "
          + "${DEFAULT-VALUE}).")
  private int sessionTimeoutMs;

  @Option(names = "--heartbeat-interval-ms", defaultValue = "1000", paramLabel = "MS",
      description = "Kafka consumer heartbeat interval, below a third of the session timeout (default: "
          + "${DEFAULT-VALUE}).")
  private int heartbeatIntervalMs;

  @Option(names = "--client-id", paramLabel = "ID",
      description = "Kafka client.id of this node's consumer (default: tributary-node-<host>-<port>).")
  private String clientId;

  @Option(names = "--ask-timeout-ms", defaultValue = "2000", paramLabel = "MS",
      description = "How long a record waits for its key's worker before it is sent again (a node lost, a shard "
          + "moving; a worker never runs a record it finished twice) (default: ${DEFAULT-VALUE}).")
  private long askTimeoutMs;

  @Option(names = "--drain-timeout-seconds", defaultValue = "10", paramLabel = "S",
      description = "How long a stop waits for in-flight records (default: ${DEFAULT-VALUE}).")
  private int drainTimeoutSeconds;

  @Option(names = "--join-timeout-seconds", defaultValue = "60", paramLabel = "S",
      description = "Give up (exit 1) when this node is not a cluster member after S seconds (default: "
          + "${DEFAULT-VALUE}).")
  private int joinTimeoutSeconds;

  @Override
  public Integer call() throws Exception {
    Duration stable = validate();
    List<HostPort> seeds = new ArrayList<>();
    for (String join : joins) {
      try {
        seeds.add(HostPort.parse(join, "--join"));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
    }
    try {
      Endpoints.kafka("--bootstrap-servers", bootstrapServers);
      clientProperties = clientConfig.load(spec);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Duration drainTimeout = Duration.ofSeconds(drainTimeoutSeconds);
    LineOutput output;
    try {
      output = LineOutput.open(out);
    } catch (IOException e) {
      System.err.println("tributary node: cannot open --out " + out + ": " + e.getMessage());
      return 1;
    }
    try {
      return run(seeds, stable, drainTimeout, output);
    } finally {
      // Closed last: until the node left, its workers may still process records sent by other nodes.
      output.close();
    }
  }

  private Duration validate() {
    if (port < 0 || port > 65535) {
      throw new ParameterException(spec.commandLine(), "--port must be from 0 to 65535, got " + port);
    }
    if (hostname == null || hostname.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--hostname must not be empty");
    }
    if (topic.isBlank() || group.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--topic and --group must not be empty");
    }
    if (parallelism < 1) {
      throw new ParameterException(spec.commandLine(), "--parallelism must be >= 1, got " + parallelism);
    }
    if (handlerDelayMs < 0) {
      throw new ParameterException(spec.commandLine(), "--handler-delay-ms must be >= 0, got " + handlerDelayMs);
    }
    if (sessionTimeoutMs < 1 || heartbeatIntervalMs < 1 || heartbeatIntervalMs >= sessionTimeoutMs) {
      throw new ParameterException(spec.commandLine(), "--session-timeout-ms and --heartbeat-interval-ms must be"
          + " >= 1, the heartbeat below the session timeout; got " + sessionTimeoutMs + " and " + heartbeatIntervalMs);
    }
    if (askTimeoutMs < 1) {
      throw new ParameterException(spec.commandLine(), "--ask-timeout-ms must be >= 1, got " + askTimeoutMs);
    }
    if (drainTimeoutSeconds < 0) {
      throw new ParameterException(spec.commandLine(),
          "--drain-timeout-seconds must be >= 0, got " + drainTimeoutSeconds);
    }
    if (joinTimeoutSeconds < 1) {
      throw new ParameterException(spec.commandLine(),
          "--join-timeout-seconds must be >= 1, got " + joinTimeoutSeconds);
    }
    if (clientId != null && clientId.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--client-id must not be empty");
    }
    Matcher m = DURATION.matcher(stableAfter == null ? "" : stableAfter.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ParameterException(spec.commandLine(),
          "--stable-after must be a positive duration such as 5s or 2500ms, got '" + stableAfter + "'");
    }
    long n = Long.parseLong(m.group(1));
    return "ms".equals(m.group(2)) ? Duration.ofMillis(n) : Duration.ofSeconds(n);
  }

  private int run(List<HostPort> seeds, Duration stable, Duration drainTimeout, LineOutput output)
      throws InterruptedException {
    ClusterSettings settings = ClusterSettings.create().withHostname(hostname).withPort(port)
        .withStableAfter(stable).withConfig(ServiceRuntime.shutdownConfig(drainTimeout));
    for (HostPort seed : seeds) {
      settings = settings.withSeedNode(seed.toString());
    }
    if (seeds.isEmpty() && port != 0) {
      settings = settings.withSeedNode(hostname + ":" + port); // a cluster of its own, others may join it
    }
    ClusterNode node;
    try {
      node = ClusterNode.start(settings);
    } catch (RuntimeException e) {
      System.err.println("tributary node: cannot start the cluster node on " + hostname + ":" + port + ": "
          + Topics.rootMessage(e));
      return 1;
    }
    ServiceRuntime runtime = ServiceRuntime.attach(node.system()).handleSignals();
    if (!metrics.serve(runtime, "node")) {
      runtime.shutdown(1);
      return runtime.awaitExit();
    }
    node.onMembershipChange(line -> System.err.println(PREFIX + line));
    if (seeds.isEmpty() && port == 0) {
      node.join(node.address());
    }
    node.removed().thenRun(() -> {
      if (!runtime.isShuttingDown() && !node.system().whenTerminated().isCompleted()) {
        System.err.println(PREFIX + "removed from the cluster without being asked to stop (downed): stopping");
        runtime.failWith(1);
      }
    });
    if (!awaitUp(node, runtime)) {
      return runtime.awaitExit();
    }
    try {
      startConsuming(node, runtime, drainTimeout, output);
    } catch (KafkaSetupException | CommandFailedException e) {
      System.err.println("tributary node: " + Secrets.text(e.getMessage()));
      runtime.shutdown(1);
    } catch (RuntimeException e) {
      System.err.println("tributary node: failed to start: " + Secrets.text(Topics.rootMessage(e)));
      runtime.shutdown(1);
    }
    return runtime.awaitExit();
  }

  /**
   * Waits until the node is up; false when it is stopping instead (a signal, or a stop begun here
   * because it was not up within the join timeout), so the caller only awaits the exit.
   *
   * <p>"Up" is {@link ClusterNode#up()}, completed by the node's own {@code MemberUp} event. Not
   * {@link ClusterNode#isUp()}: it reads {@code Cluster.selfMember()}, a view that another actor
   * updates from the same events a moment later, so right after {@code up()} completed it may still
   * say {@code Joining} (seen: a node that logged itself up then waited for its exit forever).
   */
  private boolean awaitUp(ClusterNode node, ServiceRuntime runtime) throws InterruptedException {
    CompletableFuture<Done> up = node.up().toCompletableFuture();
    CompletableFuture<Object> upOrStopped = CompletableFuture.anyOf(up,
        node.system().getWhenTerminated().toCompletableFuture());
    try {
      upOrStopped.get(joinTimeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.err.println("tributary node: not a cluster member after " + joinTimeoutSeconds + " s; are the --join "
          + "nodes " + joins + " running and reachable from " + hostname + "?");
      runtime.shutdown(1);
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      log.warn("waiting for the node to be up failed: {}", e.getCause().toString());
    }
    if (runtime.isShuttingDown() || node.system().whenTerminated().isCompleted()) {
      return false; // stopping already: its exit code is set
    }
    if (!up.isDone() || up.isCompletedExceptionally()) {
      System.err.println("tributary node: the node did not become a cluster member: stopping");
      runtime.shutdown(1); // never wait for an exit that nothing began
      return false;
    }
    return true;
  }

  private void startConsuming(ClusterNode node, ServiceRuntime runtime, Duration drainTimeout, LineOutput output) {
    HostPort self = node.address();
    String client = clientId != null ? clientId : "tributary-node-" + self.host() + "-" + self.port();
    KeyedWorkerSettings workerSettings = KeyedWorkerSettings.create()
        .withAskTimeout(Duration.ofMillis(askTimeoutMs)).withPartitionAligned(partitionAligned);
    KeyedWorkers<NodeRecord> workers = KeyedWorkers.start(node, workersName(group), workerSettings,
        work -> SimulatedIo.after(handlerDelayMs, work.payload()).thenApply(record -> {
          output.append(record.line());
          return Done.getInstance();
        }));
    KafkaSourceSettings<String> kafka = KafkaSourceSettings
        .create(bootstrapServers, group, List.of(topic), PayloadDecoder.string())
        .withConsumerProperty("session.timeout.ms", Integer.toString(sessionTimeoutMs))
        .withConsumerProperty("heartbeat.interval.ms", Integer.toString(heartbeatIntervalMs))
        .withConsumerProperty("client.id", client)
        // Incremental rebalances: a node keeps its partitions while a killed node's move to the others. With
        // the eager default every member gives every partition up at each rebalance, so a member waiting for a
        // lost node's workers stalls all its partitions for the revoke drain window.
        .withConsumerProperty("partition.assignment.strategy", CooperativeStickyAssignor.class.getName())
        .withClientProperties(clientProperties);
    if (partitionAligned) {
      kafka = kafka.withPartitionListener(PartitionAlignment.listener(workers));
    }
    ProcessingSettings processing = ProcessingSettings.defaults()
        .withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(parallelism);
    KafkaRunner<String> runner = KafkaRunner.start(node.system(), kafka, processing,
        workers.forEnvelopes(envelope -> new NodeRecord(envelope.position().partition(),
            envelope.position().offset(), envelope.key(), envelope.payload())));
    Lifecycle.Registration registration = node.tributary().manage(runner, drainTimeout);
    runner.completion().whenComplete((done, error) -> {
      if (error != null && !runtime.isShuttingDown()) {
        System.err.println("tributary node: the consumer failed: " + Secrets.text(Topics.rootMessage(error)));
        runtime.shutdown(1);
      }
    });
    registration.stopped().thenRun(() -> {
      if (runner.abandonedAtStop() > 0) {
        runtime.failWith(EXIT_ABANDONED); // cut short: consumed again by the group's other nodes
      }
    });
    System.err.println(PREFIX + "ready address=" + self + " topic=" + topic + " group=" + group + " client_id="
        + client + " workers=" + workers.typeName() + (partitionAligned ? " partition-aligned" : ""));
  }

  /** @return the keyed workers' name for {@code group}: the same on every node of the group */
  static String workersName(String group) {
    return "node-" + group.replaceAll("[^A-Za-z0-9_-]", "-");
  }
}
