package io.tributary.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link ClusterNode} forms and keeps a cluster: its actor system's name, where Artery binds,
 * which seed nodes it joins, and how unreachable nodes are downed (Pekko's Split Brain Resolver,
 * {@code keep-majority} by default; Pekko itself downs nothing unless a provider is set). Immutable;
 * start with {@link #create} (the defaults of {@code reference.conf}, section {@code
 * tributary.cluster}) or {@link #fromConfig}, change with {@code withX}.
 */
public final class ClusterSettings {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.cluster";

  /** The setting {@code tributary.cluster.system-name}, documented in {@code reference.conf}. */
  public static final Setting<String> SYSTEM_NAME = Setting.of(SECTION + ".system-name", SettingType.string());
  /** The setting {@code tributary.cluster.hostname}, documented in {@code reference.conf}. */
  public static final Setting<String> HOSTNAME = Setting.of(SECTION + ".hostname", SettingType.string());
  /** The setting {@code tributary.cluster.port}, documented in {@code reference.conf}. */
  public static final Setting<Integer> PORT = Setting.of(SECTION + ".port", SettingType.integer(0, 65535));
  /** The setting {@code tributary.cluster.seed-nodes}, documented in {@code reference.conf}. */
  public static final Setting<List<String>> SEED_NODES =
      Setting.of(SECTION + ".seed-nodes", SettingType.stringList());
  /** The setting {@code tributary.cluster.downing-strategy}, documented in {@code reference.conf}. */
  public static final Setting<String> DOWNING_STRATEGY =
      Setting.of(SECTION + ".downing-strategy", SettingType.oneOf("keep-majority", "keep-oldest", "down-all"));
  /** The setting {@code tributary.cluster.stable-after}, documented in {@code reference.conf}. */
  public static final Setting<Duration> STABLE_AFTER =
      Setting.of(SECTION + ".stable-after", SettingType.positiveDuration());

  private static final String WRITE_MAJORITY_PLUS = "pekko.cluster.sharding.coordinator-state.write-majority-plus";

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(SYSTEM_NAME, HOSTNAME, PORT, SEED_NODES, DOWNING_STRATEGY, STABLE_AFTER);
  }

  private final String systemName;
  private final String hostname;
  private final int port;
  private final List<String> seedNodes;
  private final String downingStrategy;
  private final Duration stableAfter;
  private final Config overrides;

  private ClusterSettings(String systemName, String hostname, int port, List<String> seedNodes,
      String downingStrategy, Duration stableAfter, Config overrides) {
    this.systemName = systemName;
    this.hostname = hostname;
    this.port = port;
    this.seedNodes = List.copyOf(seedNodes);
    this.downingStrategy = downingStrategy;
    this.stableAfter = stableAfter;
    this.overrides = overrides;
  }

  /** @return the defaults of {@code reference.conf} */
  public static ClusterSettings create() {
    return fromConfig(ConfigFactory.load());
  }

  /** @return the settings of {@code config}'s section {@code tributary.cluster} */
  public static ClusterSettings fromConfig(Config config) {
    ClusterSettings s = new ClusterSettings(SYSTEM_NAME.read(config), HOSTNAME.read(config), PORT.read(config),
        List.of(), DOWNING_STRATEGY.read(config), STABLE_AFTER.read(config), ConfigFactory.empty());
    for (String seed : SEED_NODES.read(config)) {
      s = s.withSeedNode(seed);
    }
    return s;
  }

  /** @return these settings with the actor system named {@code name} (the same on every node) */
  public ClusterSettings withSystemName(String name) {
    return new ClusterSettings(Objects.requireNonNull(name, "name"), hostname, port, seedNodes, downingStrategy,
        stableAfter, overrides);
  }

  /** @return these settings binding Artery to {@code host} */
  public ClusterSettings withHostname(String host) {
    return new ClusterSettings(systemName, Objects.requireNonNull(host, "host"), port, seedNodes, downingStrategy,
        stableAfter, overrides);
  }

  /** @return these settings binding Artery to {@code port} (0: a free port) */
  public ClusterSettings withPort(int port) {
    PORT.type().check(PORT.javaName(), port);
    return new ClusterSettings(systemName, hostname, port, seedNodes, downingStrategy, stableAfter, overrides);
  }

  /** @return these settings with {@code hostPort} ({@code host:port}) added to the seed nodes */
  public ClusterSettings withSeedNode(String hostPort) {
    HostPort.parse(hostPort, "a seed node");
    List<String> seeds = new ArrayList<>(seedNodes);
    seeds.add(hostPort.trim());
    return new ClusterSettings(systemName, hostname, port, seeds, downingStrategy, stableAfter, overrides);
  }

  /** @return these settings with the Split Brain Resolver strategy {@code strategy} */
  public ClusterSettings withDowningStrategy(String strategy) {
    DOWNING_STRATEGY.type().check(DOWNING_STRATEGY.javaName(), strategy);
    return new ClusterSettings(systemName, hostname, port, seedNodes, strategy, stableAfter, overrides);
  }

  /** @return these settings with the Split Brain Resolver deciding after {@code stableAfter} of stable membership */
  public ClusterSettings withStableAfter(Duration stableAfter) {
    STABLE_AFTER.type().check(STABLE_AFTER.javaName(), stableAfter);
    return new ClusterSettings(systemName, hostname, port, seedNodes, downingStrategy, stableAfter, overrides);
  }

  /**
   * @return these settings with {@code config} (Pekko settings, for instance the failure detector's)
   *     taking precedence over the configuration they build
   */
  public ClusterSettings withConfig(Config config) {
    return new ClusterSettings(systemName, hostname, port, seedNodes, downingStrategy, stableAfter,
        config.withFallback(overrides));
  }

  /** @return the actor system's name */
  public String systemName() {
    return systemName;
  }

  /** @return the host Artery binds to */
  public String hostname() {
    return hostname;
  }

  /** @return Artery's port (0: a free one) */
  public int port() {
    return port;
  }

  /** @return the seed nodes, as {@code host:port} */
  public List<String> seedNodes() {
    return seedNodes;
  }

  /** @return the Split Brain Resolver strategy */
  public String downingStrategy() {
    return downingStrategy;
  }

  /** @return how long membership must be stable before the Split Brain Resolver decides */
  public Duration stableAfter() {
    return stableAfter;
  }

  /**
   * The Pekko configuration of a node with these settings: cluster provider, Artery on the host and
   * port, the seed nodes' addresses, the Split Brain Resolver, one JMX bean set per system (several
   * nodes may share a JVM in tests), shard coordinator state written to a plain majority (unless the
   * application sets {@code pekko.cluster.sharding.coordinator-state.write-majority-plus}), and what
   * {@link #withConfig} added on top.
   *
   * @return the configuration, without fallback (the node adds the application's and the jars')
   */
  public Config toConfig() {
    Map<String, Object> m = new HashMap<>();
    m.put("pekko.actor.provider", "cluster");
    m.put("pekko.remote.artery.canonical.hostname", hostname);
    m.put("pekko.remote.artery.canonical.port", port);
    List<String> seeds = new ArrayList<>();
    for (String seed : seedNodes) {
      HostPort hp = HostPort.parse(seed, "a seed node");
      seeds.add("pekko://" + systemName + "@" + hp.host() + ":" + hp.port());
    }
    m.put("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds));
    m.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    m.put("pekko.cluster.split-brain-resolver.active-strategy", downingStrategy);
    m.put("pekko.cluster.split-brain-resolver.stable-after", stableAfter.toMillis() + "ms");
    m.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    // Pekko writes the shard coordinator's state to a majority plus 3 nodes: on a cluster of up to 7 nodes
    // that is all of them, so one crashed node (unreachable, not yet downed) stalls every shard allocation
    // until it is removed. A plain majority keeps shards moving; the read at a coordinator's start stays
    // at Pekko's majority plus 5. Set either in application.conf to keep Pekko's value.
    Config application = ConfigFactory.defaultOverrides().withFallback(overrides)
        .withFallback(ConfigFactory.defaultApplication());
    if (!application.hasPath(WRITE_MAJORITY_PLUS)) {
      m.put(WRITE_MAJORITY_PLUS, 0);
    }
    return overrides.withFallback(ConfigFactory.parseMap(m));
  }

  @Override
  public String toString() {
    return "ClusterSettings[system=" + systemName + ", " + hostname + ":" + port + ", seeds=" + seedNodes
        + ", downing=" + downingStrategy + " after " + stableAfter + "]";
  }
}
