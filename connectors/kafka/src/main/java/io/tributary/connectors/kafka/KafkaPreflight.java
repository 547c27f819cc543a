package io.tributary.connectors.kafka;

import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.connectors.kafka.admin.KafkaUnreachableException;
import io.tributary.streams.settings.Secrets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The startup check of a source: the brokers answer and every topic exists, within a bounded time.
 * Without it a Kafka consumer waits silently forever on a wrong address, a missing topic, a wrong
 * password or a plaintext client on a TLS port. Its errors say what failed, against which brokers,
 * and what to check ({@link KafkaConnectionProblems}).
 */
final class KafkaPreflight {
  private KafkaPreflight() {}

  static void check(String bootstrapServers, Collection<String> topics, Duration timeout) {
    check(bootstrapServers, topics, timeout, Map.of());
  }

  /**
   * @param connection the client's connection properties ({@link KafkaClientConfig#connection(Map)})
   */
  static void check(String bootstrapServers, Collection<String> topics, Duration timeout,
      Map<String, ?> connection) {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Map<String, Object> config = new LinkedHashMap<>(connection);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(config)) {
      try {
        admin.describeCluster().nodes().get(remaining(deadline), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw KafkaConnectionProblems.explain(bootstrapServers, connection, timeout, e.getCause());
      } catch (TimeoutException e) {
        throw KafkaConnectionProblems.explain(bootstrapServers, connection, timeout, e);
      }
      for (String topic : topics) {
        try {
          admin.describeTopics(List.of(topic)).allTopicNames().get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof UnknownTopicOrPartitionException) {
            throw new KafkaSetupException("topic '" + topic + "' does not exist on " + bootstrapServers
                + "; create it first (for example with ./tributary produce, which creates it), or "
                + "let the broker auto-create topics and disable this check with withoutPreflight()", e);
          }
          if (e.getCause() instanceof AuthenticationException
              || e.getCause() instanceof AuthorizationException) {
            throw KafkaConnectionProblems.explain(bootstrapServers, connection, timeout, e.getCause());
          }
          throw new KafkaSetupException("cannot describe topic '" + topic + "' on " + bootstrapServers
              + ": " + rootMessage(e), e);
        } catch (TimeoutException e) {
          throw new KafkaSetupException("Kafka at " + bootstrapServers + " did not describe topic '"
              + topic + "' within " + timeout, e);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("interrupted while checking Kafka at " + bootstrapServers, e);
    }
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return Secrets.text(t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
  }
}
