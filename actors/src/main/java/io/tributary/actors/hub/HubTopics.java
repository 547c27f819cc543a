package io.tributary.actors.hub;

import io.tributary.streams.describe.Action;
import io.tributary.streams.describe.ChannelDescription;
import io.tributary.streams.describe.Describable;
import io.tributary.streams.describe.MessageDescription;
import io.tributary.streams.describe.ServerDescription;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Describes topics of an {@link EventHub} for a service's document: the server is the actor system
 * (protocol {@link ServerDescription#PEKKO}, host its address, e.g. {@code orders-service} or {@code
 * orders-service@10.0.0.5:25520} when clustered), the channel the topic, the message its value type:
 *
 * <pre>{@code
 * AsyncApi.document("orders", "1.0.0", runner, HubTopics.describe(system, "orders", Order.class, Action.SEND,
 *     Action.RECEIVE));
 * }</pre>
 */
public final class HubTopics {

  private HubTopics() {}

  /**
   * A hub topic and what the service does on it.
   *
   * @param system the actor system the hub runs in
   * @param topic the topic
   * @param valueType the type of its values (written as JSON when they cross nodes)
   * @param actions {@link Action#SEND} when the service publishes, {@link Action#RECEIVE} when it
   *     subscribes, or both
   * @return the descriptions, one per action
   */
  public static Describable describe(ActorSystem<?> system, String topic, Type valueType, Action... actions) {
    Objects.requireNonNull(system, "system");
    return describe(system.address().hostPort(), topic, valueType, actions);
  }

  /**
   * A hub topic of the actor system at {@code host}.
   *
   * @param host the actor system's address ({@code name} or {@code name@host:port})
   * @param topic the topic
   * @param valueType the type of its values
   * @param actions what the service does on it (at least one)
   * @return the descriptions, one per action
   */
  public static Describable describe(String host, String topic, Type valueType, Action... actions) {
    Objects.requireNonNull(topic, "topic");
    if (actions.length == 0) {
      throw new IllegalArgumentException("at least one action (SEND, RECEIVE) is needed");
    }
    ServerDescription server = new ServerDescription(ServerDescription.PEKKO, host);
    MessageDescription message = MessageDescription.ofType(valueType);
    List<ChannelDescription> channels = new ArrayList<>();
    for (Action action : actions) {
      ChannelDescription c = action == Action.SEND ? ChannelDescription.send(server, topic, message)
          : ChannelDescription.receive(server, topic, message);
      channels.add(c.withSummary("event hub topic " + topic));
    }
    List<ChannelDescription> result = List.copyOf(channels);
    return () -> result;
  }
}
