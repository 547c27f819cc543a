package io.tributary.cluster.workers;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tributary.actors.internal.PekkoPayload;
import io.tributary.cluster.ClusterNode;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.envelope.SourcePosition;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.external.ExternalShardAllocationStrategy;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task per message across nodes: each key has one worker, a Cluster Sharding entity that lives on
 * one node of the cluster at a time, runs the handler on one message at a time in arrival order,
 * and answers once the handler finished. Start it on every node with the same name and a handler;
 * send work from any node with {@link #process}: it completes when the key's worker, wherever it
 * lives, finished it.
 *
 * <pre>{@code
 * KeyedWorkers<Order> workers = KeyedWorkers.start(node, "billing", KeyedWorkerSettings.create(),
 *     work -> billing.charge(work.payload()));
 * KafkaRunner.start(node.system(), kafkaSettings, ProcessingSettings.defaults().withParallelism(64),
 *     workers.forEnvelopes(Envelope::payload));       // acknowledged once the key's worker finished
 * }</pre>
 *
 * <p><b>Order.</b> A key's messages run in the order the worker receives them. With a sender that
 * keeps at most one message per key in flight (the runner's {@code ORDERED_PER_KEY} mode), the
 * next one is sent only after the previous one finished, so order per key holds across the
 * cluster, also while shards move: the worker's hand-off lets the running message finish first.
 *
 * <p><b>Failures.</b> A handler failure fails the returned stage (the runner's retry and
 * dead-letter policy applies). An unanswered ask (a node crashed, a shard moving) is asked again
 * after {@link KeyedWorkerSettings#askTimeout()} until answered; a worker that already finished
 * that position answers at once instead of running it twice, so a repeat costs a duplicate only
 * when the worker itself was lost (at-least-once).
 *
 * @param <T> the payload type; it crosses nodes, so its class needs a Pekko serialization binding
 *     (records implementing {@code TributarySerializable}, {@code String}, {@code byte[]}, ...)
 */
public final class KeyedWorkers<T> {

  private static final Logger log = LoggerFactory.getLogger(KeyedWorkers.class);

  /**
   * One message for a key's worker.
   *
   * @param key the key: its messages run one at a time, in order, on one node
   * @param shard the source partition the message came from (e.g. {@code orders-3}), or {@code null}
   *     when there is none; with {@link KeyedWorkerSettings#partitionAligned()} it also picks the
   *     worker's shard (otherwise the key's hash does)
   * @param position the message's position in that partition (a Kafka offset), increasing per key;
   *     with the shard it lets the worker recognise a repeat; -1 when there is none
   * @param payload the payload
   * @param <T> the payload type
   */
  public record Work<T>(String key, String shard, long position,
      @JsonSerialize(using = PekkoPayload.Writer.class) @JsonDeserialize(using = PekkoPayload.Reader.class)
      T payload) {

    /** Checks the key and shard. */
    public Work {
      Objects.requireNonNull(key, "key");
      if (shard != null && shard.indexOf('|') >= 0) {
        throw new IllegalArgumentException("a shard name cannot hold '|': " + shard);
      }
    }

    /** @return work for {@code key} with no shard and no position */
    public static <T> Work<T> of(String key, T payload) {
      return new Work<>(key, null, -1, payload);
    }
  }

  /**
   * The node's handler: runs in the worker of the work's key, on whichever node hosts it.
   *
   * @param <T> the payload type
   */
  @FunctionalInterface
  public interface Handler<T> {
    /**
     * @param work the work
     * @return completes when the work is done (the next message of the key waits for it)
     * @throws Exception treated as a failed stage
     */
    CompletionStage<?> handle(Work<T> work) throws Exception;
  }

  private final ActorSystem<?> system;
  private final ClusterSharding sharding;
  private final EntityTypeKey<KeyedWorker.Command> typeKey;
  private final KeyedWorkerSettings settings;
  private final AtomicLong repeatedAsks = new AtomicLong();

  private KeyedWorkers(ActorSystem<?> system, EntityTypeKey<KeyedWorker.Command> typeKey,
      KeyedWorkerSettings settings) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
    this.typeKey = typeKey;
    this.settings = settings;
  }

  /**
   * Starts the keyed workers {@code name} on {@code node}: this node hosts workers and can send
   * work. Start them on every node that should host workers, with the same name and settings.
   *
   * @param node the cluster node
   * @param name the workers' name, the same on every node
   * @param settings the settings
   * @param handler what a worker on this node does with a message
   * @param <T> the payload type
   * @return the workers
   */
  @SuppressWarnings("unchecked")
  public static <T> KeyedWorkers<T> start(ClusterNode node, String name, KeyedWorkerSettings settings,
      Handler<T> handler) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(handler, "handler");
    ActorSystem<?> system = node.system();
    EntityTypeKey<KeyedWorker.Command> typeKey =
        EntityTypeKey.create(KeyedWorker.Command.class, "tributary-keyed-" + name);
    Handler<Object> untyped = (Handler<Object>) (Handler<?>) handler;
    Entity<KeyedWorker.Command, ShardingEnvelope<KeyedWorker.Command>> entity = Entity.of(typeKey,
            ctx -> KeyedWorker.create(ctx.getShard(), untyped, settings.passivateAfter()))
        .withStopMessage(new KeyedWorker.HandOff())
        .withMessageExtractor(new WorkExtractor(settings));
    if (settings.partitionAligned()) {
      entity = entity.withAllocationStrategy(new ExternalShardAllocationStrategy(system, typeKey.name(),
          Timeout.create(settings.askTimeout())));
    }
    ClusterSharding.get(system).init(entity);
    return new KeyedWorkers<>(system, typeKey, settings);
  }

  /** @return the sharding entity type's name, {@code tributary-keyed-<name>} */
  public String typeName() {
    return typeKey.name();
  }

  /** @return the settings */
  public KeyedWorkerSettings settings() {
    return settings;
  }

  /** @return the node's actor system */
  ActorSystem<?> system() {
    return system;
  }

  /** @return how many asks this node repeated after a timeout (a crashed node, a moving shard) */
  public long repeatedAsks() {
    return repeatedAsks.get();
  }

  /**
   * Sends {@code key}'s {@code payload} to the key's worker (no shard, no position).
   *
   * @return completes when the worker finished it; fails when the handler failed
   */
  public CompletionStage<Done> process(String key, T payload) {
    return process(Work.of(key, payload));
  }

  /**
   * Sends {@code work} to its key's worker, asking again after each {@link
   * KeyedWorkerSettings#askTimeout()} without an answer, until the node stops.
   *
   * @return completes when the worker finished it; fails when the handler failed ({@link
   *     KeyedWorkException}) or the node is stopping
   */
  @SuppressWarnings("unchecked")
  public CompletionStage<Done> process(Work<T> work) {
    Objects.requireNonNull(work, "work");
    if (settings.partitionAligned() && work.shard() == null) {
      throw new IllegalArgumentException("partition-aligned keyed workers need the work's shard (its partition)");
    }
    String entityId = settings.partitionAligned() ? work.shard() + "|" + work.key() : work.key();
    EntityRef<KeyedWorker.Command> ref = sharding.entityRefFor(typeKey, entityId);
    CompletableFuture<Done> result = new CompletableFuture<>();
    attempt(ref, (Work<Object>) work, result);
    return result;
  }

  private void attempt(EntityRef<KeyedWorker.Command> ref, Work<Object> work, CompletableFuture<Done> result) {
    ref.<StatusReply<Done>>ask(replyTo -> new KeyedWorker.Process(work, replyTo), settings.askTimeout())
        .whenComplete((reply, error) -> {
          if (error == null) {
            if (reply.isSuccess()) {
              result.complete(Done.getInstance());
            } else {
              result.completeExceptionally(new KeyedWorkException(work.key(), reply.getError().getMessage()));
            }
          } else if (system.whenTerminated().isCompleted()) {
            result.completeExceptionally(new IllegalStateException("the node stopped before key '" + work.key()
                + "' was processed", error));
          } else if (isTimeout(error)) {
            long n = repeatedAsks.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
              log.warn("keyed workers {}: no answer for key '{}' within {} (a node lost or a shard moving);"
                  + " asking again ({} repeated asks so far)", typeKey.name(), work.key(), settings.askTimeout(), n);
            }
            attempt(ref, work, result);
          } else {
            result.completeExceptionally(error);
          }
        });
  }

  private static boolean isTimeout(Throwable error) {
    Throwable e = error;
    while (e != null) {
      if (e instanceof TimeoutException || e instanceof org.apache.pekko.pattern.AskTimeoutException) {
        return true;
      }
      e = e.getCause();
    }
    return false;
  }

  /**
   * A handler for a connector runner: each envelope goes to its key's worker (a record without a
   * key to the worker of its partition), with the envelope's partition as shard and its offset as
   * position.
   *
   * @param toPayload what of the envelope the worker gets
   * @param <E> the envelope's payload type
   * @return the handler; its stage completes when the worker finished the envelope
   */
  public <E> Function<Envelope<E>, CompletionStage<Done>> forEnvelopes(Function<Envelope<E>, T> toPayload) {
    Objects.requireNonNull(toPayload, "toPayload");
    return envelope -> {
      SourcePosition p = envelope.position();
      String shard = p.source() + "-" + p.partition();
      String key = envelope.key() != null ? envelope.key() : shard;
      return process(new Work<>(key, shard, p.offset(), toPayload.apply(envelope)));
    };
  }

  /** Maps an entity id to its shard: the partition prefix when aligned, else the key's hash. */
  private static final class WorkExtractor
      extends ShardingMessageExtractor<ShardingEnvelope<KeyedWorker.Command>, KeyedWorker.Command> {
    private final KeyedWorkerSettings settings;

    WorkExtractor(KeyedWorkerSettings settings) {
      this.settings = settings;
    }

    @Override
    public String entityId(ShardingEnvelope<KeyedWorker.Command> envelope) {
      return envelope.entityId();
    }

    @Override
    public String shardId(String entityId) {
      if (settings.partitionAligned()) {
        int bar = entityId.indexOf('|');
        return bar < 0 ? entityId : entityId.substring(0, bar);
      }
      return Integer.toString(Math.floorMod(entityId.hashCode(), settings.numberOfShards()));
    }

    @Override
    public KeyedWorker.Command unwrapMessage(ShardingEnvelope<KeyedWorker.Command> envelope) {
      return envelope.message();
    }
  }
}
