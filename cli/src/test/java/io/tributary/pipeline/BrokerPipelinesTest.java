package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.GetResponse;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.tributary.cli.commands.SampleRecords;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.lifecycle.Lifecycle;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.NatsFixture;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code amqp} and {@code nats} sources and sinks against the real RabbitMQ (127.0.0.1:5672) and
 * NATS JetStream (127.0.0.1:4222): delivery, and acknowledgement at the source only once the sink
 * has a message.
 */
class BrokerPipelinesTest {

  /** The example configs of the samples module, which this module's tests may read but not depend on. */
  private static final Path EXAMPLES = Path.of("..", "samples", "pipelines");

  private static final PipelineTestSystem test = new PipelineTestSystem();
  private static final int KEYS = 10;

  @RegisterExtension
  static final RabbitMqExtension rabbitMq = new RabbitMqExtension();

  @RegisterExtension
  static final NatsExtension natsServer = new NatsExtension();

  private RabbitMqFixture rabbit;
  private NatsFixture nats;

  /** The extensions delete what a test was handed (queues, streams) after it. */
  @BeforeEach
  void fixtures(RabbitMqFixture rabbit, NatsFixture nats) {
    this.rabbit = rabbit;
    this.nats = nats;
  }

  @AfterAll
  static void stop() {
    test.close();
  }

  private static String stop(RunningPipeline running) throws Exception {
    return Lifecycle.register(test.system, running, Duration.ofSeconds(10)).stop()
        .toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** A W3C trace context per input message, as a traced producer would write it. */
  private static String traceparent(long n) {
    return String.format("00-%032x-%016x-01", n + 1, n + 1);
  }

  @Test
  @Timeout(120)
  void the_amqp_to_nats_example_delivers_every_message_dead_letters_invalid_ones_and_acks_the_queue()
      throws Exception {
    int good = 300;
    int bad = 5;
    String queue = rabbit.queueName("pipeline-in");
    rabbit.deleteQueueAtClose(queue + "-invalid");
    String stream = nats.streamName("ENRICHED");
    String subject = "tributary-samples." + stream.toLowerCase();
    rabbit.declareQueue(queue);
    List<String> bodies = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<Integer> published = new ArrayList<>(); // good message i is body published.get(i)
    for (int i = 0; i < good; i++) {
      published.add(bodies.size());
      bodies.add(SampleRecords.value(i, KEYS));
      keys.add(SampleRecords.key(i, KEYS));
      if (i % 60 == 0) { // 5 of them
        bodies.add("not json #" + i);
        keys.add(null);
      }
    }
    rabbit.publish("", bodies.size(), i -> queue, i -> bodies.get(i).getBytes(StandardCharsets.UTF_8),
        i -> keys.get(i) == null ? Map.of("traceparent", traceparent(i))
            : Map.of("Tributary-Key", keys.get(i), "traceparent", traceparent(i)));
    assertThat(bodies).hasSize(good + bad);

    Pipeline pipeline = Pipeline.load(EXAMPLES.resolve("amqp-to-nats.conf"), List.of(
        "vars.amqp_uri=" + rabbit.uri(), "vars.nats_url=" + nats.url(), "vars.queue=" + queue,
        "vars.stream=" + stream, "vars.subject=" + subject));
    RunningPipeline running = pipeline.start(test.system, test.newHub(), System.out);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> running.acknowledged() == good + bad);
    String report = stop(running);
    assertThat(report).contains("events=" + (good + bad) + " acknowledged=" + (good + bad) + " in-flight=0");

    // every message was acknowledged at the source: nothing came back to the queue when it closed
    assertThat(rabbit.messageCount(queue)).isZero();
    assertThat(rabbit.consumerCount(queue)).isZero();
    assertThat(nats.subjects(stream)).containsExactly(subject);
    List<Long> orderIds = new ArrayList<>();
    for (MessageInfo m : nats.messages(stream)) {
      Event e = Event.fromJson(new String(m.getData(), StandardCharsets.UTF_8));
      long id = ((Number) e.get("order_id")).longValue();
      orderIds.add(id);
      assertThat(e.get("key")).isEqualTo(SampleRecords.key(id, KEYS));
      assertThat(e.get("pipeline")).isEqualTo("amqp-to-nats");
      assertThat(e.has("queue")).isFalse();
      assertThat(m.getHeaders().getFirst("Tributary-Key")).isEqualTo(SampleRecords.key(id, KEYS));
      // the trace of the AMQP message continues on NATS
      assertThat(m.getHeaders().getFirst("traceparent")).isEqualTo(traceparent(published.get((int) id)));
    }
    assertThat(orderIds).containsExactlyElementsOf(LongStream.range(0, good).boxed().toList());
    List<GetResponse> invalid = rabbit.takeAll(queue + "-invalid");
    assertThat(invalid).hasSize(bad).allSatisfy(r -> {
      Event e = Event.fromJson(RabbitMqFixture.text(r));
      assertThat((String) e.get("message")).startsWith("not json #");
      assertThat((String) e.get("error")).startsWith("parse_json: invalid JSON");
    });
  }

  @Test
  @Timeout(120)
  void a_nats_source_to_an_amqp_sink_delivers_every_message_keyed_and_acks_the_consumer() throws Exception {
    int count = 200;
    String stream = nats.streamName("PIPE_IN");
    String subject = "tributary-samples." + stream.toLowerCase();
    nats.createStream(stream, subject + ".>");
    for (int i = 0; i < count; i++) {
      nats.publish(subject + "." + (i % 3), SampleRecords.value(i, KEYS), "Tributary-Key", SampleRecords.key(i, KEYS),
          "traceparent", traceparent(i), "tracestate", "n=" + i);
    }
    String queue = rabbit.queueName("pipeline-out");
    String hocon = "sources { in { type = nats, url = \"" + nats.url() + "\", stream = " + stream
        + ", durable = to-amqp, subject = \"" + subject + ".>\" } }\n"
        + "sinks { out { type = amqp, inputs = [in], uri = \"" + rabbit.uri() + "\", routing_key = \"" + queue
        + "\", declare_queue = \"" + queue + "\", key_field = key } }\n";
    RunningPipeline running = test.start(hocon, ComponentRegistry.defaults());
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> running.acknowledged() == count);
    String report = stop(running);
    assertThat(report).contains("acknowledged=" + count + " in-flight=0");

    ConsumerInfo consumer = nats.consumerInfo(stream, "to-amqp");
    assertThat(consumer.getNumAckPending()).isZero();
    assertThat(consumer.getNumPending()).isZero();
    assertThat(consumer.getAckFloor().getStreamSequence()).isEqualTo(count);
    List<GetResponse> received = rabbit.takeAll(queue);
    assertThat(received).hasSize(count);
    List<Long> sequences = new ArrayList<>();
    for (GetResponse r : received) {
      Event e = Event.fromJson(RabbitMqFixture.text(r));
      long seq = ((Number) e.get("sequence")).longValue();
      sequences.add(seq);
      String key = SampleRecords.key(seq - 1, KEYS);
      assertThat(e.get("message")).isEqualTo(SampleRecords.value(seq - 1, KEYS));
      assertThat(e.get("key")).isEqualTo(key);
      assertThat(e.get("stream")).isEqualTo(stream);
      assertThat(e.get("subject")).isEqualTo(subject + "." + ((seq - 1) % 3));
      assertThat(RabbitMqFixture.header(r, "Tributary-Key")).isEqualTo(key);
      assertThat(RabbitMqFixture.header(r, "traceparent")).isEqualTo(traceparent(seq - 1));
      assertThat(RabbitMqFixture.header(r, "tracestate")).isEqualTo("n=" + (seq - 1));
    }
    assertThat(sequences).containsExactlyElementsOf(LongStream.rangeClosed(1, count).boxed().toList());
  }

  @Test
  void a_nats_sink_without_a_stream_for_its_subject_fails_the_start_naming_the_component() {
    String hocon = "sources { gen { type = generator, count = 1 } }\n"
        + "sinks { out { type = nats, inputs = [gen], url = \"" + nats.url()
        + "\", subject = tributary-samples.nobody-stores-this } }\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> test.start(hocon, ComponentRegistry.defaults()))
        .isInstanceOf(io.tributary.pipeline.component.PipelineStartException.class)
        .hasMessageContaining("sinks.out")
        .hasMessageContaining("no JetStream stream on " + nats.url() + " stores subject "
            + "'tributary-samples.nobody-stores-this'");
  }
}
