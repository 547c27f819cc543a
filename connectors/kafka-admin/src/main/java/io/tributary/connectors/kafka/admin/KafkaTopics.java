package io.tributary.connectors.kafka.admin;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Kafka topics and returns only once they can take records: every partition has a leader
 * in the metadata, and that leader answers for the partition.
 *
 * <p>Why both: a broker publishes a new partition in its metadata a moment before its replica
 * manager serves it. A produce request in that window fails with {@code NOT_LEADER_OR_FOLLOWER};
 * with an idempotent producer and several requests in flight, a later batch can then land first
 * and every retry of the first one fails with {@code OUT_OF_ORDER_SEQUENCE_NUMBER} until the
 * delivery timeout (KAFKA-14359, KAFKA-15591). So readiness is proven by a {@code ListOffsets}
 * request per partition, which the leader answers only once it serves the partition, the same
 * check a produce request passes.
 */
public final class KafkaTopics {

  private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);
  private static final long RETRY_PAUSE_MS = 50;
  private static final long MAX_REQUEST_MS = 5_000;

  private KafkaTopics() {}

  /**
   * Creates a topic with the broker's default replication factor unless it exists, then waits until
   * it is served. An existing topic is kept as it is, whatever its partition count, and waited for
   * too (someone may have created it a moment ago).
   *
   * @param admin the admin client to use
   * @param name the topic's name
   * @param partitions its partition count if it has to be created, at least 1
   * @param timeout the bound on creating and waiting, in all
   * @return true when this call created the topic, false when it existed
   * @throws KafkaUnreachableException when no broker answered the creation within {@code timeout}
   * @throws KafkaSetupException when the topic cannot be created, or is not served within {@code
   *     timeout}; the message names the topic, the partitions not served yet and the last error
   */
  public static boolean ensure(Admin admin, String name, int partitions, Duration timeout) {
    if (partitions < 1) {
      throw new IllegalArgumentException("a topic needs at least 1 partition, got " + partitions);
    }
    return ensure(admin, new NewTopic(name, Optional.of(partitions), Optional.empty()), timeout);
  }

  /**
   * Creates a topic as {@code topic} describes it (partitions, replication, configs) unless it
   * exists, then waits until it is served; see {@link #ensure(Admin, String, int, Duration)}.
   *
   * @param admin the admin client to use
   * @param topic the topic to create
   * @param timeout the bound on creating and waiting, in all
   * @return true when this call created the topic, false when it existed
   * @throws KafkaSetupException when the topic cannot be created or is not served within {@code
   *     timeout}
   */
  public static boolean ensure(Admin admin, NewTopic topic, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean created;
    try {
      admin.createTopics(List.of(topic)).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
      created = true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw new KafkaUnreachableException("no Kafka broker answered within " + timeout
            + " while creating topic '" + topic.name() + "'; check the address and that the brokers are up",
            e.getCause());
      }
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new KafkaSetupException("cannot create topic '" + topic.name() + "' ("
            + topic.numPartitions() + " partition(s)): " + describe(e.getCause())
            + "; check that the brokers are up and the client may create topics", e.getCause());
      }
      created = false;
    } catch (TimeoutException e) {
      throw new KafkaUnreachableException("no Kafka broker answered within " + timeout
          + " while creating topic '" + topic.name() + "'; check the address and that the brokers are up", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaSetupException("interrupted while creating topic '" + topic.name() + "'", e);
    }
    awaitServed(admin, topic.name(), deadline, timeout);
    log.debug("topic {} {} and served", topic.name(), created ? "created" : "exists");
    return created;
  }

  /**
   * Waits until every partition of an existing topic has a leader in the metadata that serves it.
   *
   * @param admin the admin client to use
   * @param name the topic's name
   * @param timeout the bound on the wait
   * @throws KafkaSetupException when the topic is missing or not served within {@code timeout}
   */
  public static void awaitServed(Admin admin, String name, Duration timeout) {
    awaitServed(admin, name, System.nanoTime() + timeout.toNanos(), timeout);
  }

  private static void awaitServed(Admin admin, String name, long deadline, Duration timeout) {
    String waitingFor = "its description";
    Throwable lastError = null;
    while (true) {
      try {
        TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
            .get(requestMillis(deadline), TimeUnit.MILLISECONDS).get(name);
        List<Integer> leaderless = description.partitions().stream()
            .filter(p -> p.leader() == null || p.leader().isEmpty())
            .map(TopicPartitionInfo::partition).toList();
        if (leaderless.isEmpty()) {
          waitingFor = "an answer from the leaders of its " + description.partitions().size()
              + " partition(s)";
          Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
          description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()),
              OffsetSpec.latest()));
          int requestMs = (int) requestMillis(deadline);
          admin.listOffsets(latest, new ListOffsetsOptions().timeoutMs(requestMs)).all()
              .get(requestMs, TimeUnit.MILLISECONDS);
          return;
        }
        waitingFor = "a leader for partition(s) " + leaderless;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw new KafkaSetupException("topic '" + name + "' is not usable: "
              + describe(e.getCause()), e.getCause());
        }
        lastError = moreTelling(lastError, e.getCause()); // not yet known or not yet led: ask again
      } catch (TimeoutException e) {
        lastError = moreTelling(lastError, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaSetupException("interrupted while waiting for topic '" + name + "'", e);
      }
      if (remainingMillis(deadline) <= RETRY_PAUSE_MS) {
        throw new KafkaSetupException("topic '" + name + "' was not ready to take records within "
            + timeout + ": still waiting for " + waitingFor
            + (lastError == null ? "" : " (last error: " + describe(lastError) + ")")
            + "; is the broker overloaded, or are the partitions' brokers down?", lastError);
      }
      try {
        TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MS); // a retry pause, not a synchronisation
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaSetupException("interrupted while waiting for topic '" + name + "'", e);
      }
    }
  }

  /**
   * The error to report: a broker's answer (an unknown topic, no leader) says more than a request
   * that ran out of time, which the last request before the deadline often does on a busy machine.
   */
  private static Throwable moreTelling(Throwable earlier, Throwable latest) {
    boolean latestIsTimeout = latest instanceof TimeoutException
        || latest instanceof org.apache.kafka.common.errors.TimeoutException;
    return latestIsTimeout && earlier != null ? earlier : latest;
  }

  private static long remainingMillis(long deadline) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
  }

  /** One request's bound: the time left, but at most a few seconds so that a lost answer is retried. */
  private static long requestMillis(long deadline) {
    return Math.min(MAX_REQUEST_MS, remainingMillis(deadline));
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }
}
