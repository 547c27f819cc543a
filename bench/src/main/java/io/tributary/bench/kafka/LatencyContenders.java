package io.tributary.bench.kafka;

import io.confluent.parallelconsumer.ParallelConsumerOptions.ProcessingOrder;
import io.confluent.parallelconsumer.ParallelStreamProcessor;
import io.confluent.parallelconsumer.internal.DrainingCloseable.DrainingMode;
import io.tributary.bench.Tuning;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSource;
import io.tributary.streams.processing.ProcessingSettings;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer.Control;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The four contenders of issue 17 as {@link LatencyWorkload} runs them, each with a no-op handler:
 * {@code plain-loop} (a {@code KafkaConsumer} poll loop on its own thread, Kafka's defaults),
 * {@code pekko-source} (Pekko Connectors' {@code committableSource} with KafkaSource's consumer
 * settings, into {@code Sink.foreach}), {@code tributary} ({@code KafkaRunner}, ordered per key,
 * parallelism 64, commits) and {@code parallel-consumer} (PC in {@code KEY} order, {@code
 * maxConcurrency} 64).
 */
final class LatencyContenders {

  // Not null: the runner wraps each result in an envelope, whose payload must not be null.
  private static final CompletionStage<Done> DONE = CompletableFuture.completedFuture(Done.getInstance());

  private LatencyContenders() {}

  static List<LatencyContender> all(ActorSystem system, String bootstrapServers, Tuning tuning,
      ProcessingSettings processing) {
    return List.of(
        new LatencyContender("plain-loop", (group, topic, handled) -> plainLoop(bootstrapServers, group, topic,
            handled)),
        new LatencyContender("pekko-source", (group, topic, handled) -> {
          Control control = org.apache.pekko.kafka.javadsl.Consumer
              .committableSource(KafkaSource.consumerSettings(system,
                  TributarySettings.of(tuning, bootstrapServers, group, topic)), Subscriptions.topics(topic))
              .toMat(Sink.foreach(message -> handled.accept(message.record().value())), Keep.left())
              .run(system);
          return () -> Waits.quietly(control.shutdown(), Duration.ofSeconds(30), "shutting the Pekko source down");
        }),
        new LatencyContender("tributary", (group, topic, handled) -> {
          KafkaRunner<byte[]> runner = KafkaRunner.<byte[], Done>start(system,
              TributarySettings.of(tuning, bootstrapServers, group, topic), processing, envelope -> {
                handled.accept(envelope.payload());
                return DONE;
              });
          return () -> {
            Waits.quietly(runner.stopIntake(), Duration.ofSeconds(15), "stopping the runner's intake");
            Waits.quietly(runner.drain(Duration.ofSeconds(10)), Duration.ofSeconds(15), "draining the runner");
            Waits.quietly(runner.release(), Duration.ofSeconds(40), "releasing the runner");
          };
        }),
        new LatencyContender("parallel-consumer", (group, topic, handled) -> {
          ParallelStreamProcessor<byte[], byte[]> pc = ParallelConsumers.create(bootstrapServers, group,
              ProcessingOrder.KEY, processing.parallelism());
          pc.subscribe(List.of(topic));
          pc.poll(context -> context.streamConsumerRecords().forEach(r -> handled.accept(r.value())));
          return () -> pc.close(Duration.ofSeconds(30), DrainingMode.DONT_DRAIN);
        }));
  }

  private static AutoCloseable plainLoop(String bootstrapServers, String group, String topic,
      Consumer<byte[]> handled) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try (consumer) {
        consumer.subscribe(List.of(topic));
        while (running.get()) {
          for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
            handled.accept(r.value());
          }
        }
      } catch (WakeupException e) {
        // stopping
      } catch (RuntimeException e) {
        failure.set(e);
      }
    }, "bench-plain-loop");
    thread.setDaemon(true);
    thread.start();
    return () -> {
      running.set(false);
      consumer.wakeup();
      thread.join(Duration.ofSeconds(15).toMillis());
      if (failure.get() != null) {
        System.err.println("warning: the plain loop failed: " + failure.get());
      }
    };
  }
}
