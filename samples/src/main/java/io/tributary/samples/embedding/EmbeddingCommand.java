package io.tributary.samples.embedding;

import io.tributary.cli.TributaryCommand;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine.Command;

/**
 * {@code ./tributary embedding}: runs the embedding sample both ways — Tributary with its own actor
 * system, and inside an actor system the host already has — and shows that stopping Tributary
 * through its API leaves the host running.
 */
@Command(name = "embedding", mixinStandardHelpOptions = true,
    description = "The embedding sample: Tributary inside a host service's lifecycle, stopped through its API.")
public final class EmbeddingCommand implements TributaryCommand {

  private static final List<String> ORDERS = List.of("order-1", "order-2", "order-3");

  @Override
  public Integer call() throws Exception {
    boolean ok = standalone() & inHostSystem();
    System.out.println(ok ? "embedding: both variants passed" : "embedding: a variant failed");
    return ok ? 0 : 1;
  }

  private static boolean standalone() throws InterruptedException {
    OrderService service = OrderService.standalone();
    service.start();
    ORDERS.forEach(service::place);
    List<String> audited = awaitAudited(service);
    service.stop();
    boolean terminated = service.tributarySystem().whenTerminated().isCompleted();
    System.out.println("own actor system: audited " + audited + "; Tributary stopped, its actor system "
        + (terminated ? "terminated" : "still running") + ", the host JVM goes on");
    return audited.equals(ORDERS) && terminated;
  }

  private static boolean inHostSystem() throws InterruptedException {
    ActorSystem<Void> host = ActorSystem.create(Behaviors.empty(), "host-service");
    try {
      OrderService service = OrderService.inHostSystem(host);
      service.start();
      ORDERS.forEach(service::place);
      List<String> audited = awaitAudited(service);
      service.stop();
      boolean hostRunning = !host.whenTerminated().isCompleted();
      System.out.println("host's actor system: audited " + audited + "; Tributary stopped, the host's actor system "
          + (hostRunning ? "keeps running" : "terminated (unexpected)"));
      return audited.equals(ORDERS) && hostRunning;
    } finally {
      host.terminate();
      host.getWhenTerminated().toCompletableFuture().join();
    }
  }

  /** Waits (bounded) until the handler saw every order. */
  private static List<String> awaitAudited(OrderService service) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (service.audited().size() < ORDERS.size() && System.nanoTime() < deadline) {
      Thread.sleep(5); // a sample's polling wait; the orders arrive within milliseconds
    }
    return service.audited();
  }
}
