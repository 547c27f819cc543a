package io.tributary.samples.consumer;

import io.tributary.cli.TributaryCommand;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.cli.commands.Topics;
import io.tributary.embedded.kafka.EmbeddedKafkaBroker;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.envelope.Envelope;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.streams.processing.ProcessingSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./tributary consumer-loop}: the Java counterpart of an rdkafka {@code StreamConsumer} loop
 * (subscribe to a topic in a group, then {@code loop { match consumer.recv().await { ... } } }),
 * printing {@code Received message: <payload>} for each message.
 *
 * <pre>{@code
 * KafkaRunner<String> consumer = KafkaRunner.start(system,
 *     KafkaSourceSettings.create("localhost:9092", "my-group", List.of("my-topic"), PayloadDecoder.string()),
 *     ProcessingSettings.defaults(),
 *     message -> {
 *       System.out.println("Received message: " + message.payload());
 *       return CompletableFuture.completedFuture(null);
 *     });
 * consumer.registerShutdown(Duration.ofSeconds(10));   // Ctrl-C: stop, drain, commit, close
 * }</pre>
 *
 * <p>What the loop does not have to write: the offset of a message is committed only after its
 * handler finished (never past an unfinished one); a payload that is not UTF-8 (rdkafka's {@code
 * "Invalid payload"} branch) goes to the dead-letter topic {@code my-topic.dlq} with the reason instead
 * of being printed and forgotten; a broker error is retried by the client, and a missing broker or
 * topic fails the start with a clear message. Without {@code --bootstrap-servers} the sample starts
 * the embedded broker and produces a few messages first, so it runs in one command.
 */
@Command(name = "consumer-loop", mixinStandardHelpOptions = true,
    description = "Subscribes to a Kafka topic and prints each message (an rdkafka StreamConsumer loop).")
public final class ConsumerLoopCommand implements TributaryCommand {

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
      description = "Kafka to consume from (default: start the embedded broker and produce --messages first).")
  private String bootstrapServers;

  @Option(names = "--topic", defaultValue = "my-topic", description = "Topic to subscribe to (default: ${DEFAULT-VALUE}).")
  private String topic;

  @Option(names = "--group", defaultValue = "my-group", description = "Consumer group (default: ${DEFAULT-VALUE}).")
  private String group;

  @Option(names = "--messages", defaultValue = "5",
      description = "With the embedded broker: how many messages to produce first (default: ${DEFAULT-VALUE}).")
  private int messages;

  @Option(names = "--max-messages", defaultValue = "0",
      description = "Stop gracefully after this many messages (default: run until Ctrl-C; with the embedded "
          + "broker: after --messages).")
  private long maxMessages;

  @Override
  public Integer call() throws Exception {
    EmbeddedKafkaBroker broker = null;
    String bootstrap = bootstrapServers;
    long stopAfter = maxMessages;
    if (bootstrap == null) {
      broker = EmbeddedKafkaBroker.builder().build().start();
      bootstrap = broker.bootstrapServers();
      Topics.createIfMissing(bootstrap, topic, 1, Duration.ofSeconds(30));
      produce(bootstrap, topic, messages);
      stopAfter = stopAfter > 0 ? stopAfter : messages;
    }
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "consumer-loop");
    try {
      CountDownLatch received = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, Math.max(stopAfter, 1)));
      KafkaRunner<String> consumer = KafkaRunner.start(system,
          KafkaSourceSettings.create(bootstrap, group, List.of(topic), PayloadDecoder.string()),
          ProcessingSettings.defaults(),
          (Envelope<String> message) -> {
            System.out.println("Received message: " + message.payload());
            received.countDown();
            return CompletableFuture.completedFuture(null);
          });
      Lifecycle.Registration registration = consumer.registerShutdown(Duration.ofSeconds(10));
      if (stopAfter > 0) {
        received.await();
        System.out.println("consumer-loop: " + registration.stop().toCompletableFuture().get(60, TimeUnit.SECONDS));
      } else {
        consumer.completion().toCompletableFuture().join(); // until Ctrl-C runs the graceful stop
      }
      return 0;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      if (broker != null) {
        broker.close();
      }
    }
  }

  /** Produces {@code count} messages {@code hello 1}, {@code hello 2}, ... and waits for the broker's answers. */
  private static void produce(String bootstrap, String topic, int count) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 1; i <= count; i++) {
        producer.send(new ProducerRecord<>(topic, ("hello " + i).getBytes(StandardCharsets.UTF_8)))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }
}
