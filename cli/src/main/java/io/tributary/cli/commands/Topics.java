package io.tributary.cli.commands;

import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.connectors.kafka.admin.KafkaTopics;
import io.tributary.connectors.kafka.admin.KafkaUnreachableException;
import java.time.Duration;
import java.util.Map;
import io.tributary.connectors.kafka.KafkaClientConfig;
import io.tributary.connectors.kafka.KafkaConnectionProblems;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates topics with Kafka's {@link Admin} client, within a bounded time, ready to take records. */
public final class Topics {

  private static final Logger log = LoggerFactory.getLogger(Topics.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

  private Topics() {
  }

  /**
   * Creates a topic with a replication factor of 1 unless it exists; an existing topic is left as it is, whatever its
   * partition count.
   *
   * @return true when the topic was created, false when it existed
   * @throws CommandFailedException when no broker answered within {@code timeout} or the broker refused
   */
  public static boolean createIfMissing(String bootstrapServers, String topic, int partitions, Duration timeout) {
    return createIfMissing(bootstrapServers, topic, partitions, timeout, Map.of());
  }

  /**
   * As {@link #createIfMissing(String, String, int, Duration)}, connecting with a client config's connection
   * properties (TLS, SASL); a failure to authenticate or to trust the broker is named as such.
   */
  public static boolean createIfMissing(String bootstrapServers, String topic, int partitions, Duration timeout,
      Map<String, String> clientProperties) {
    int timeoutMs = (int) timeout.toMillis();
    Map<String, Object> config = new java.util.HashMap<>(KafkaClientConfig.connection(clientProperties));
    config.putAll(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "tributary-admin",
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000));
    Admin admin;
    try {
      admin = Admin.create(config);
    } catch (KafkaException e) {
      throw new CommandFailedException("Could not create a Kafka admin client for bootstrap servers '"
          + bootstrapServers + "': " + rootMessage(e) + ". Give them as HOST:PORT[,HOST:PORT...].", e);
    }
    try {
      // returns once every partition has a leader that serves it, so producing right after cannot stall
      boolean created = KafkaTopics.ensure(admin, topic, partitions, timeout);
      if (created) {
        log.info("Created topic {} with {} partition(s) on {}", topic, partitions, bootstrapServers);
      } else {
        log.info("Topic {} exists on {}; keeping it as it is", topic, bootstrapServers);
      }
      return created;
    } catch (KafkaSetupException e) {
      Throwable security = securityFailure(e);
      if (security != null || (e instanceof KafkaUnreachableException && !clientProperties.isEmpty())) {
        throw new CommandFailedException(KafkaConnectionProblems.explain(bootstrapServers,
            KafkaClientConfig.connection(clientProperties), timeout, security != null ? security : e).getMessage(), e);
      }
      if (e instanceof KafkaUnreachableException) {
        KafkaSetupException explained = KafkaConnectionProblems.explain(bootstrapServers, Map.of(), timeout, e);
        if (!(explained instanceof KafkaUnreachableException)) { // a plaintext client on a TLS port
          throw new CommandFailedException(explained.getMessage(), e);
        }
      }
      throw unreachableOrRefused(bootstrapServers, topic, partitions, timeoutMs, e);
    } finally {
      admin.close(CLOSE_TIMEOUT);
    }
  }

  private static CommandFailedException unreachableOrRefused(
      String bootstrapServers, String topic, int partitions, int timeoutMs, KafkaSetupException e) {
    if (e instanceof KafkaUnreachableException) {
      return new CommandFailedException("No Kafka broker at " + bootstrapServers + " answered within " + timeoutMs
          + " ms while creating topic '" + topic + "'. Is a broker running there? (./tributary broker starts one on "
          + "127.0.0.1:9092.) Cause: " + rootMessage(e.getCause()), e);
    }
    return new CommandFailedException("Could not set up topic '" + topic + "' (" + partitions + " partition(s)) on "
        + bootstrapServers + ": " + e.getMessage(), e);
  }

  /** Returns the authentication or authorization failure in the cause chain, or null. */
  public static Throwable securityFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
        return t;
      }
    }
    return null;
  }

  /** Returns the message of the innermost cause, with its type, e.g. for nested client exceptions. */
  public static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.toString() : e.getMessage() + " (" + root + ")";
  }
}
