package io.tributary.connectors.kafka;

import io.tributary.connectors.kafka.admin.KafkaUnreachableException;
import io.tributary.connectors.kafka.admin.KafkaSetupException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The startup check of a source: the brokers answer and every topic exists, within a bounded time.
 * Without it a Kafka consumer waits silently forever on a wrong address or a missing topic.
 */
final class KafkaPreflight {
  private KafkaPreflight() {}

  static void check(String bootstrapServers, Collection<String> topics, Duration timeout) {
    int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(config)) {
      try {
        admin.describeCluster().nodes().get(remaining(deadline), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        throw new KafkaUnreachableException("cannot reach Kafka at bootstrap.servers=" + bootstrapServers
            + " within " + timeout + " (" + rootMessage(e) + "); check the address and that the "
            + "brokers are up", e);
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

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
