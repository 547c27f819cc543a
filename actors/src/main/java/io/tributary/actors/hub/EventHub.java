package io.tributary.actors.hub;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.tributary.actors.TributarySerializable;
import io.tributary.actors.internal.PekkoPayload;
import io.tributary.streams.BroadcastChannel;
import io.tributary.streams.BroadcastChannel.Policy;
import io.tributary.streams.BroadcastChannel.Receiver;
import io.tributary.streams.telemetry.Telemetry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The broadcast hub actor: named topics, each backed by a {@link BroadcastChannel}, that fan every
 * published value out to every subscriber. Use it as an in-process event bus between actors.
 *
 * <p>Subscribers are typed actors that speak {@link Notification}, or streams ({@link
 * SubscribeSource}). Each subscriber picks its policy: with {@link Policy#BACKPRESSURE} a slow
 * subscriber paces publishers and loses nothing; with {@link Policy#LAG} it never holds them back,
 * and when it falls more than the topic's capacity behind it receives {@link Lagged} with the count
 * it missed, then continues with the oldest value still held.
 *
 * <p>Delivery to actors uses an ack protocol in both policies: the hub sends {@link Events} (a
 * batch of one or more values, in order) and sends the next batch only after {@link Events#ack()}.
 * Values that accumulate meanwhile travel in the next batch, so a slow subscriber gets bigger
 * batches instead of a growing mailbox. A subscriber that stops is removed (death watch);
 * publishing to a topic without subscribers is fine (the value is dropped). Topics are created on
 * first use with the hub's defaults, or explicitly with {@link CreateTopic}.
 *
 * <p>{@link Subscribe} answers {@link Subscribed} once the subscription is active: every value
 * published after that reaches the subscriber. For streams, {@code HubSource} and {@code HubSink}
 * (package {@code io.tributary.actors.hub.stream}) are the topic's edges.
 *
 * <p>The protocol is ready to cross nodes: its messages are {@link TributarySerializable} (see
 * there for what a payload needs), except {@link GetPublisher} and {@link SubscribeSource}, whose
 * answers only work in the hub's own JVM.
 *
 * @see HubSettings for the defaults
 */
public final class EventHub {

  private EventHub() {}

  /** What the hub accepts. */
  public sealed interface Command<T> {}

  /** Creates a topic with its own capacity and default policy; replies {@code Done} (also if it exists). */
  public record CreateTopic<T>(String topic, int capacity, Policy policy, ActorRef<Done> replyTo)
      implements Command<T>, TributarySerializable {}

  /**
   * Publishes a value, fire and forget. On a BACKPRESSURE topic that is full the value waits in the
   * channel's queue of parked sends: publishers that need flow control use {@link
   * PublishAndConfirm} (or a {@code HubProducer}).
   */
  public record Publish<T>(String topic,
      @JsonSerialize(using = PekkoPayload.Writer.class) @JsonDeserialize(using = PekkoPayload.Reader.class) T value)
      implements Command<T>, TributarySerializable {}

  /**
   * Publishes a value and replies success once it is in the topic (at once unless it is full), or
   * an error when the topic is closed.
   */
  public record PublishAndConfirm<T>(String topic,
      @JsonSerialize(using = PekkoPayload.Writer.class) @JsonDeserialize(using = PekkoPayload.Reader.class) T value,
      ActorRef<StatusReply<Done>> replyTo)
      implements Command<T>, TributarySerializable {}

  /**
   * Asks for a {@link HubPublisher} of the topic: a direct line into it for hot paths, without an
   * actor message per value. Local only: the publisher works in the hub's JVM.
   */
  public record GetPublisher<T>(String topic, ActorRef<HubPublisher<T>> replyTo)
      implements Command<T>, NoSerializationVerificationNeeded {}

  /**
   * Subscribes an actor; it receives {@link Notification}s for this topic. {@code replyTo} (may be
   * {@code null}) gets {@link Subscribed} once the subscription is active, so that whoever waits
   * for it knows every value published afterwards reaches the subscriber. Subscribing an actor that
   * is already subscribed keeps its subscription and answers too: anyone may ask the hub whether an
   * actor's subscription is active by subscribing it again with the same policy.
   *
   * @param topic the topic
   * @param subscriber the actor that receives the notifications
   * @param policy the subscriber's policy
   * @param replyTo gets {@link Subscribed}, or {@code null} for no answer
   */
  public record Subscribe<T>(String topic, ActorRef<Notification<T>> subscriber, Policy policy,
      ActorRef<Subscribed<T>> replyTo) implements Command<T>, TributarySerializable {

    /** A subscription without an answer. */
    public Subscribe(String topic, ActorRef<Notification<T>> subscriber, Policy policy) {
      this(topic, subscriber, policy, null);
    }
  }

  /**
   * The answer to {@link Subscribe}: the subscription is active. When the topic was already closed,
   * the subscriber gets {@link TopicClosed} right after this answer instead of events.
   *
   * @param topic the topic
   * @param subscriber the subscribed actor
   */
  public record Subscribed<T>(String topic, ActorRef<Notification<T>> subscriber)
      implements TributarySerializable {}

  /**
   * Subscribes a stream: replies with a {@link Source} of the topic's values (materialize it once;
   * in LAG mode it skips lagged values, counted in the stats). Local only: the source reads the
   * topic's channel directly. {@code HubSource} subscribes a stream through the actor protocol
   * instead, and shows lag.
   */
  public record SubscribeSource<T>(String topic, Policy policy, ActorRef<Source<T, NotUsed>> replyTo)
      implements Command<T>, NoSerializationVerificationNeeded {}

  /** Removes an actor's subscription to a topic (a no-op when there is none). */
  public record Unsubscribe<T>(String topic, ActorRef<Notification<T>> subscriber)
      implements Command<T>, TributarySerializable {}

  /** Closes a topic: subscribers get what was published before, then {@link TopicClosed}. */
  public record CloseTopic<T>(String topic) implements Command<T>, TributarySerializable {}

  /** Asks for per-topic statistics. */
  public record GetStats<T>(ActorRef<HubStats> replyTo) implements Command<T>, TributarySerializable {}

  private record SubscriberTerminated<T>(ActorRef<Notification<T>> subscriber)
      implements Command<T>, NoSerializationVerificationNeeded {}

  private record ForwarderStopped<T>(String topic, ActorRef<Notification<T>> subscriber)
      implements Command<T>, NoSerializationVerificationNeeded {}

  private record ParkedSendCompleted<T>(Topic<T> topic, Confirmation confirmation, Throwable error)
      implements Command<T>, NoSerializationVerificationNeeded {}

  /** What a subscriber actor receives. */
  public sealed interface Notification<T> extends TributarySerializable {
    /** @return the topic this notification is about */
    String topic();
  }

  /**
   * One or more values in publish order. Call {@link #ack()} when done with them: the next batch
   * comes only after that.
   */
  public record Events<T>(String topic,
      @JsonSerialize(contentUsing = PekkoPayload.Writer.class)
      @JsonDeserialize(contentUsing = PekkoPayload.Reader.class) List<T> values,
      ActorRef<Ack> ackTo) implements Notification<T> {
    /** Tells the hub this batch is handled, so the next one may come. */
    public void ack() {
      ackTo.tell(Ack.INSTANCE);
    }
  }

  /** A LAG subscriber fell behind and missed {@code missed} values; later events follow. */
  public record Lagged<T>(String topic, long missed) implements Notification<T> {}

  /** The topic was closed and everything published before was delivered: no more events. */
  public record TopicClosed<T>(String topic) implements Notification<T> {}

  /** A subscriber's acknowledgement of an {@link Events} batch. */
  public enum Ack implements SubscriptionForwarder.Command, TributarySerializable {
    /** The only value. */
    INSTANCE
  }

  /**
   * Creates a hub with the settings of its actor system's config: {@code tributary.hub} of the
   * application's {@code application.conf}, the defaults of {@code reference.conf} for the rest.
   */
  public static <T> Behavior<Command<T>> create() {
    return Behaviors.setup(ctx -> new Hub<T>(ctx, HubSettings.fromConfig(ctx.getSystem().settings().config()))
        .behavior());
  }

  /** Creates a hub with the given settings. */
  public static <T> Behavior<Command<T>> create(HubSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return Behaviors.setup(ctx -> new Hub<T>(ctx, settings).behavior());
  }

  /** The hub's state and message handlers; lives inside the actor only. */
  private static final class Hub<T> {
    private final ActorContext<Command<T>> ctx;
    private final HubSettings settings;
    private final Map<String, Topic<T>> topics = new LinkedHashMap<>();
    private final Set<ActorRef<Notification<T>>> watched = new HashSet<>();
    private final HubMeters meters;
    private int sourceCount;
    private int forwarderCount;

    Hub(ActorContext<Command<T>> ctx, HubSettings settings) {
      this.ctx = ctx;
      this.settings = settings;
      this.meters = new HubMeters(Telemetry.get(ctx.getSystem()).registry(), ctx.getSelf().path().name());
    }

    Behavior<Command<T>> behavior() {
      return Behaviors.receive((context, msg) -> onMessage(msg), (context, signal) -> {
        if (signal instanceof PostStop) {
          meters.close();
        }
        return Behaviors.same();
      });
    }

    private Behavior<Command<T>> onMessage(Command<T> msg) {
      if (msg instanceof Publish<T> m) {
        return onPublish(m);
      } else if (msg instanceof PublishAndConfirm<T> m) {
        return onPublishAndConfirm(m);
      } else if (msg instanceof GetPublisher<T> m) {
        m.replyTo().tell(new HubPublisher<>(m.topic(), topic(m.topic()).channel));
        return Behaviors.same();
      } else if (msg instanceof Subscribe<T> m) {
        return onSubscribe(m);
      } else if (msg instanceof SubscribeSource<T> m) {
        return onSubscribeSource(m);
      } else if (msg instanceof Unsubscribe<T> m) {
        return onUnsubscribe(m);
      } else if (msg instanceof CreateTopic<T> m) {
        return onCreateTopic(m);
      } else if (msg instanceof CloseTopic<T> m) {
        return onCloseTopic(m);
      } else if (msg instanceof GetStats<T> m) {
        return onGetStats(m);
      } else if (msg instanceof SubscriberTerminated<T> m) {
        return onSubscriberTerminated(m);
      } else if (msg instanceof ForwarderStopped<T> m) {
        return onForwarderStopped(m);
      } else if (msg instanceof ParkedSendCompleted<T> m) {
        m.confirmation().result = m.error() == null ? StatusReply.ack() : StatusReply.error(m.error());
        m.topic().flushConfirmations();
        return Behaviors.same();
      }
      throw new IllegalArgumentException("unknown hub command " + msg);
    }

    private Topic<T> topic(String name) {
      return topics.computeIfAbsent(name, n -> newTopic(n, BroadcastChannel.create(
          settings.defaultCapacity(), settings.defaultPolicy(), ctx.getExecutionContext())));
    }

    private Topic<T> newTopic(String name, BroadcastChannel<T> channel) {
      meters.topic(name, channel);
      return new Topic<>(name, channel, meters);
    }

    private Behavior<Command<T>> onCreateTopic(CreateTopic<T> msg) {
      topics.computeIfAbsent(msg.topic(), n -> newTopic(n,
          BroadcastChannel.create(msg.capacity(), msg.policy(), ctx.getExecutionContext())));
      msg.replyTo().tell(Done.getInstance());
      return Behaviors.same();
    }

    private Behavior<Command<T>> onPublish(Publish<T> msg) {
      BroadcastChannel<T> channel = topic(msg.topic()).channel;
      if (channel.isClosed()) {
        ctx.getLog().warn("publish to closed topic '{}' refused: {}", msg.topic(), msg.value());
        return Behaviors.same();
      }
      if (!channel.offer(msg.value())) {
        channel.send(msg.value());
      }
      return Behaviors.same();
    }

    private Behavior<Command<T>> onPublishAndConfirm(PublishAndConfirm<T> msg) {
      BroadcastChannel<T> channel = topic(msg.topic()).channel;
      ActorRef<StatusReply<Done>> replyTo = msg.replyTo();
      if (channel.isClosed()) {
        replyTo.tell(StatusReply.error("topic '" + msg.topic() + "' is closed: value not published"));
        return Behaviors.same();
      }
      Topic<T> topic = topic(msg.topic());
      // Confirmations leave in publish order: one that could be sent at once still waits behind
      // earlier parked ones.
      Confirmation confirmation = new Confirmation(replyTo);
      topic.confirmations.add(confirmation);
      if (channel.offer(msg.value())) {
        confirmation.result = StatusReply.ack();
        topic.flushConfirmations();
      } else {
        ActorRef<Command<T>> self = ctx.getSelf();
        channel.send(msg.value()).whenComplete((done, error) ->
            self.tell(new ParkedSendCompleted<>(topic, confirmation, error)));
      }
      return Behaviors.same();
    }

    private Behavior<Command<T>> onSubscribe(Subscribe<T> msg) {
      Topic<T> topic = topic(msg.topic());
      ActorRef<Notification<T>> subscriber = msg.subscriber();
      if (topic.forwarders.containsKey(subscriber)) {
        answer(msg); // already subscribed: keep the existing subscription
        return Behaviors.same();
      }
      if (topic.channel.isClosed()) {
        answer(msg);
        subscriber.tell(new TopicClosed<>(msg.topic()));
        return Behaviors.same();
      }
      Receiver<T> receiver = topic.channel.subscribe(msg.policy());
      ActorRef<SubscriptionForwarder.Command> forwarder = ctx.spawn(
          SubscriptionForwarder.create(msg.topic(), receiver, subscriber, settings.maxBatch()),
          "forwarder-" + (++forwarderCount));
      ctx.watchWith(forwarder, new ForwarderStopped<>(msg.topic(), subscriber));
      topic.forwarders.put(subscriber, forwarder);
      topic.addReceiver(subscriberName(subscriber), receiver);
      if (watched.add(subscriber)) {
        ctx.watchWith(subscriber, new SubscriberTerminated<>(subscriber));
      }
      // The receiver exists now: every later send, by message or by HubPublisher, reaches it.
      answer(msg);
      return Behaviors.same();
    }

    private void answer(Subscribe<T> msg) {
      if (msg.replyTo() != null) {
        msg.replyTo().tell(new Subscribed<>(msg.topic(), msg.subscriber()));
      }
    }

    private Behavior<Command<T>> onSubscribeSource(SubscribeSource<T> msg) {
      Topic<T> topic = topic(msg.topic());
      if (topic.channel.isClosed()) {
        msg.replyTo().tell(Source.empty());
        return Behaviors.same();
      }
      Receiver<T> receiver = topic.channel.subscribe(msg.policy());
      meters.prune(); // streams that ended
      topic.addReceiver("source-" + (++sourceCount), receiver);
      msg.replyTo().tell(receiver.source());
      return Behaviors.same();
    }

    private Behavior<Command<T>> onUnsubscribe(Unsubscribe<T> msg) {
      Topic<T> topic = topics.get(msg.topic());
      if (topic != null) {
        stopForwarder(topic, msg.subscriber());
      }
      return Behaviors.same();
    }

    private Behavior<Command<T>> onCloseTopic(CloseTopic<T> msg) {
      Topic<T> topic = topics.get(msg.topic());
      if (topic != null) {
        topic.channel.close(); // forwarders drain, tell TopicClosed and stop
      }
      return Behaviors.same();
    }

    private Behavior<Command<T>> onSubscriberTerminated(SubscriberTerminated<T> msg) {
      watched.remove(msg.subscriber());
      for (Topic<T> topic : topics.values()) {
        stopForwarder(topic, msg.subscriber());
      }
      return Behaviors.same();
    }

    private Behavior<Command<T>> onForwarderStopped(ForwarderStopped<T> msg) {
      Topic<T> topic = topics.get(msg.topic());
      if (topic != null) {
        topic.forwarders.remove(msg.subscriber());
        topic.removeReceiver(subscriberName(msg.subscriber()));
      }
      return Behaviors.same();
    }

    private void stopForwarder(Topic<T> topic, ActorRef<Notification<T>> subscriber) {
      ActorRef<SubscriptionForwarder.Command> forwarder = topic.forwarders.remove(subscriber);
      Receiver<T> receiver = topic.removeReceiver(subscriberName(subscriber));
      if (receiver != null) {
        receiver.close(); // releases the sender at once, before the forwarder has stopped
      }
      if (forwarder != null) {
        ctx.stop(forwarder);
      }
    }

    private Behavior<Command<T>> onGetStats(GetStats<T> msg) {
      Map<String, HubStats.TopicStats> result = new LinkedHashMap<>();
      for (Topic<T> topic : topics.values()) {
        topic.receivers.values().removeIf(Receiver::isClosed);
        meters.prune();
        List<HubStats.ReceiverStats> receivers = new ArrayList<>();
        topic.receivers.forEach((name, r) ->
            receivers.add(new HubStats.ReceiverStats(name, r.policy(), r.missed(), r.pending())));
        result.put(topic.name, new HubStats.TopicStats(topic.name, topic.channel.capacity(),
            topic.channel.policy(), topic.channel.sentCount(), topic.channel.isClosed(),
            List.copyOf(receivers)));
      }
      msg.replyTo().tell(new HubStats(Map.copyOf(result)));
      return Behaviors.same();
    }
  }

  /** One topic: its channel, its actor subscriptions and every receiver (actors and streams) for stats. */
  private static final class Topic<T> {
    final String name;
    final BroadcastChannel<T> channel;
    final Map<ActorRef<Notification<T>>, ActorRef<SubscriptionForwarder.Command>> forwarders =
        new HashMap<>();
    final Map<String, Receiver<T>> receivers = new LinkedHashMap<>();
    final ArrayDeque<Confirmation> confirmations = new ArrayDeque<>();
    private final HubMeters meters;

    Topic(String name, BroadcastChannel<T> channel, HubMeters meters) {
      this.name = name;
      this.channel = channel;
      this.meters = meters;
    }

    void addReceiver(String subscriber, Receiver<T> receiver) {
      receivers.put(subscriber, receiver);
      meters.subscribed(name, subscriber, receiver);
    }

    Receiver<T> removeReceiver(String subscriber) {
      meters.removed(name, subscriber);
      return receivers.remove(subscriber);
    }

    /** Replies to the confirmations whose outcome is known, oldest first, up to the first unknown. */
    void flushConfirmations() {
      while (!confirmations.isEmpty() && confirmations.peek().result != null) {
        Confirmation c = confirmations.poll();
        c.replyTo.tell(c.result);
      }
    }
  }

  /** @return the name of a subscriber in stats and meters: its actor path without the address */
  private static String subscriberName(ActorRef<?> subscriber) {
    return subscriber.path().toStringWithoutAddress();
  }

  /** A {@link PublishAndConfirm} waiting for its reply; the outcome is set once known. */
  private static final class Confirmation {
    final ActorRef<StatusReply<Done>> replyTo;
    StatusReply<Done> result;

    Confirmation(ActorRef<StatusReply<Done>> replyTo) {
      this.replyTo = replyTo;
    }
  }
}
