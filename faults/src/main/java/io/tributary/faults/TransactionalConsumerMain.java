package io.tributary.faults;

import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.connectors.kafka.TransactionalKafkaRunner;
import io.tributary.connectors.kafka.TransactionalSettings;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.processing.OrderingMode;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.testkit.TestEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.pekko.actor.ActorSystem;

/**
 * The entry point of an exactly-once consumer in its own JVM, for the scenarios that kill or pause it: a {@link
 * TransactionalKafkaRunner} ordered per key that copies each event (key and value) from the input topic to the
 * output topic after the workload's handler delay, until SIGTERM (a graceful stop) or SIGKILL. Arguments: bootstrap
 * servers, input topic, output topic, group, instance (also its {@code transactional.id}), parallelism, handler
 * delay in microseconds, and {@code static} or {@code dynamic} group membership.
 */
public final class TransactionalConsumerMain {

  private TransactionalConsumerMain() {}

  /**
   * Runs the consumer.
   *
   * @param args {@code <bootstrap> <in> <out> <group> <instance> <parallelism> <delay-micros> <static|dynamic>}
   * @throws Exception when the consumer cannot start
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 8) {
      throw new IllegalArgumentException("usage: TransactionalConsumerMain <bootstrap> <in> <out> <group> "
          + "<instance> <parallelism> <delay-micros> <static|dynamic>");
    }
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(3)));
    String out = args[2];
    String instance = args[4];
    long delayMicros = Long.parseLong(args[6]);
    KafkaSourceSettings<TestEvent> source = KafkaSourceSettings.create(args[0], args[3], List.of(args[1]),
        PayloadDecoder.json(TestEvent.class))
        // the broker's lowest session timeout: a paused member is out of the group after 6 s
        .withConsumerProperty(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "6000")
        .withConsumerProperty(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "1000");
    if (args[7].equals("static")) {
      // a restarted instance takes its predecessor's place at once, without waiting for its session to time out
      source = source.withConsumerProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instance);
    }
    ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
    ActorSystem system = ActorSystem.create("faults-transactional");
    TransactionalKafkaRunner<TestEvent> runner = TransactionalKafkaRunner.start(system, source,
        TransactionalSettings.defaults().withTransactionalId(instance).withTransactionTimeout(Duration.ofSeconds(20)),
        ProcessingSettings.defaults().withMode(OrderingMode.ORDERED_PER_KEY).withParallelism(Integer.parseInt(args[5])),
        envelope -> {
          CompletableFuture<List<ProducerRecord<byte[], byte[]>>> done = new CompletableFuture<>();
          timer.schedule(() -> done.complete(List.of(new ProducerRecord<>(out, envelope.rawKey(),
              envelope.rawValue()))), delayMicros, TimeUnit.MICROSECONDS);
          return done;
        });
    runner.registerShutdown(WorkloadConsumer.DRAIN).stopped()
        .thenAccept(report -> System.out.println(ConsumerMain.STOPPED + report));
    runner.completion().whenComplete((done, error) -> {
      if (error != null) {
        System.err.println("the transactional runner failed: " + error);
        System.exit(4);
      }
    });
    System.out.println("consuming " + args[1] + " exactly once into " + out + " as " + instance);
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
