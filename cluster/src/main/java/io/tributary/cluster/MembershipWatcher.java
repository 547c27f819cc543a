package io.tributary.cluster;

import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Subscribes to the node's cluster events and turns membership and reachability changes into
 * {@link Change}s for {@link ClusterNode}. Local to its node (cluster events never cross nodes).
 */
final class MembershipWatcher {

  /** What happened to a member. */
  enum Kind { UP, LEFT, EXITED, DOWNED, REMOVED, UNREACHABLE, REACHABLE }

  /**
   * One change.
   *
   * @param kind what happened
   * @param member to which member
   */
  record Change(Kind kind, Address member) {
    String describe() {
      String where = member.host().isDefined() ? member.host().get() + ":" + member.port().get() : member.toString();
      return "member " + where + " " + kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private MembershipWatcher() {}

  static Behavior<ClusterEvent.ClusterDomainEvent> create(Consumer<Change> changes) {
    return Behaviors.setup(context -> {
      Cluster cluster = Cluster.get(context.getSystem());
      cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
      cluster.subscriptions().tell(
          Subscribe.create(context.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
      return Behaviors.receive(ClusterEvent.ClusterDomainEvent.class)
          .onMessage(ClusterEvent.MemberUp.class, e -> report(changes, Kind.UP, e.member().address()))
          .onMessage(ClusterEvent.MemberLeft.class, e -> report(changes, Kind.LEFT, e.member().address()))
          .onMessage(ClusterEvent.MemberExited.class, e -> report(changes, Kind.EXITED, e.member().address()))
          .onMessage(ClusterEvent.MemberDowned.class, e -> report(changes, Kind.DOWNED, e.member().address()))
          .onMessage(ClusterEvent.MemberRemoved.class, e -> report(changes, Kind.REMOVED, e.member().address()))
          .onMessage(ClusterEvent.UnreachableMember.class,
              e -> report(changes, Kind.UNREACHABLE, e.member().address()))
          .onMessage(ClusterEvent.ReachableMember.class, e -> report(changes, Kind.REACHABLE, e.member().address()))
          .onAnyMessage(e -> Behaviors.same())
          .build();
    });
  }

  private static Behavior<ClusterEvent.ClusterDomainEvent> report(Consumer<Change> changes, Kind kind,
      Address member) {
    changes.accept(new Change(kind, member));
    return Behaviors.same();
  }
}
