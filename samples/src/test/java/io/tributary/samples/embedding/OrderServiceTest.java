package io.tributary.samples.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

class OrderServiceTest {

  @Test
  void a_standalone_service_handles_orders_and_stopping_it_terminates_only_its_own_actor_system() {
    OrderService service = OrderService.standalone();
    service.start();
    List.of("a", "b", "c").forEach(service::place);
    await().atMost(Duration.ofSeconds(10)).until(() -> service.audited().size() == 3);
    assertThat(service.audited()).containsExactly("a", "b", "c");
    service.stop();
    assertThat(service.tributarySystem().whenTerminated().isCompleted()).isTrue();
  }

  @Test
  void a_service_in_the_hosts_actor_system_stops_while_the_host_keeps_running() {
    ActorSystem<Void> host = ActorSystem.create(Behaviors.empty(), "host");
    try {
      OrderService service = OrderService.inHostSystem(host);
      service.start();
      List.of("x", "y").forEach(service::place);
      await().atMost(Duration.ofSeconds(10)).until(() -> service.audited().size() == 2);
      service.stop();
      assertThat(host.whenTerminated().isCompleted()).as("the host's actor system").isFalse();
      // Tributary's actors are gone: a second Tributary can start in the same host system.
      OrderService again = OrderService.inHostSystem(host);
      again.start();
      again.place("z");
      await().atMost(Duration.ofSeconds(10)).until(() -> again.audited().equals(List.of("z")));
      again.stop();
    } finally {
      host.terminate();
    }
  }
}
