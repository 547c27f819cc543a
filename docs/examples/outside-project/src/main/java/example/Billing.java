package example;

import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.processing.FailurePolicy;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.processing.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** The README's consumer example, compiled outside Tributary's build. */
public final class Billing {

  record Order(long id, String key, long seq) {}

  private Billing() {}

  static CompletionStage<Done> charge(Order order) {
    return CompletableFuture.completedFuture(Done.getInstance());
  }

  public static void main(String[] args) {
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "billing");
    KafkaSourceSettings<Order> settings = KafkaSourceSettings.create(
        "127.0.0.1:9092", "my-group", List.of("my-topic"), PayloadDecoder.json(Order.class));

    KafkaRunner<Order> runner = KafkaRunner.start(system, settings,
        ProcessingSettings.defaults()
            .withParallelism(64)
            .withRetry(new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(10), 2.0))
            .withFailurePolicy(FailurePolicy.DEAD_LETTER),
        envelope -> charge(envelope.payload()));

    runner.registerShutdown(Duration.ofSeconds(30));
  }
}
