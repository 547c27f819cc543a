package io.tributary.samples.broadcast;

import io.tributary.cli.TributaryCommand;
import io.tributary.streams.BroadcastChannel;
import io.tributary.streams.BroadcastChannel.Receiver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/**
 * {@code ./tributary broadcast}: the Java counterpart of the example of Tokio's {@code broadcast} channel.
 * One channel, two subscribers; the sender sends 10 then 20; each subscriber, running as its own
 * asynchronous task, receives both and prints them.
 *
 * <pre>{@code
 * BroadcastChannel<Integer> tx = BroadcastChannel.create(16, BroadcastChannel.Policy.LAG);
 * Receiver<Integer> rx1 = tx.subscribe();
 * Receiver<Integer> rx2 = tx.subscribe();
 * // tokio::spawn(async move { rx1.recv().await ... })
 * CompletionStage<List<Integer>> task1 = receiveTwo(rx1);
 * CompletionStage<List<Integer>> task2 = receiveTwo(rx2);
 * tx.send(10);
 * tx.send(20);
 * }</pre>
 */
@Command(name = "broadcast", mixinStandardHelpOptions = true,
    description = "One broadcast channel, two subscribers: each receives 10 then 20 (Tokio's broadcast example).")
public final class BroadcastCommand implements TributaryCommand {

  @Override
  public Integer call() throws Exception {
    BroadcastChannel<Integer> tx = BroadcastChannel.create(16, BroadcastChannel.Policy.LAG);
    Receiver<Integer> rx1 = tx.subscribe();
    Receiver<Integer> rx2 = tx.subscribe();

    CompletableFuture<List<Integer>> task1 = receive(rx1, 2).toCompletableFuture();
    CompletableFuture<List<Integer>> task2 = receive(rx2, 2).toCompletableFuture();

    tx.send(10);
    tx.send(20);

    List<Integer> got1 = task1.get(10, TimeUnit.SECONDS);
    List<Integer> got2 = task2.get(10, TimeUnit.SECONDS);
    System.out.println("subscriber 1 received " + join(got1));
    System.out.println("subscriber 2 received " + join(got2));
    boolean ok = got1.equals(List.of(10, 20)) && got2.equals(List.of(10, 20));
    System.out.println(ok ? "broadcast: both subscribers received 10 then 20"
        : "broadcast: unexpected values (expected 10 then 20 for each subscriber)");
    tx.close();
    return ok ? 0 : 1;
  }

  /** Receives {@code n} values, one {@code recv()} after the other, like the task Tokio's example spawns per receiver. */
  static CompletionStage<List<Integer>> receive(Receiver<Integer> rx, int n) {
    return receive(rx, n, new ArrayList<>());
  }

  private static CompletionStage<List<Integer>> receive(Receiver<Integer> rx, int n, List<Integer> got) {
    if (got.size() == n) {
      return CompletableFuture.completedFuture(got);
    }
    return rx.recv().thenCompose(value -> {
      got.add(value);
      return receive(rx, n, got);
    });
  }

  private static String join(List<Integer> values) {
    StringBuilder sb = new StringBuilder();
    for (Integer v : values) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(v);
    }
    return sb.toString();
  }
}
