package io.tributary.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Three nodes form a cluster; a node cut off is downed by the Split Brain Resolver and the majority goes on. */
class ClusterFormationTest {

  @Test
  void threeNodesFormAClusterAndTheMajorityDownsANodeCutOff() {
    try (LocalCluster cluster = LocalCluster.start("formation", 3)) {
      ClusterNode first = cluster.node(0);
      List<String> seen = new CopyOnWriteArrayList<>();
      first.onMembershipChange(seen::add);
      assertThat(first.up().toCompletableFuture().isDone()).isTrue();
      ClusterNode cutOff = cluster.node(2);

      LocalCluster.blackhole(cutOff, cluster.node(0));
      LocalCluster.blackhole(cutOff, cluster.node(1));

      // keep-majority: the two that still see each other down the third; the third downs itself
      await().atMost(60, TimeUnit.SECONDS).until(() -> LocalCluster.upMembers(first) == 2
          && LocalCluster.upMembers(cluster.node(1)) == 2);
      await().atMost(60, TimeUnit.SECONDS).until(() -> cutOff.system().whenTerminated().isCompleted());
      assertThat(seen).contains("member " + cutOff.address() + " unreachable");
      assertThat(first.system().whenTerminated().isCompleted()).isFalse();
    }
  }

  @Test
  void badSeedNodesAreRefusedClearly() {
    assertThatThrownBy(() -> ClusterSettings.create().withSeedNode("localhost"))
        .hasMessageContaining("a seed node must be HOST:PORT, was 'localhost'");
    assertThatThrownBy(() -> ClusterSettings.create().withSeedNode("localhost:99999"))
        .hasMessageContaining("port from 1 to 65535");
    assertThatThrownBy(() -> ClusterSettings.create().withDowningStrategy("keep-everyone"))
        .hasMessageContaining("downingStrategy");
  }
}
