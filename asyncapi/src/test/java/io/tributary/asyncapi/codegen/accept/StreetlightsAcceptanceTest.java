package io.tributary.asyncapi.codegen.accept;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.asyncapi.codegen.AsyncApiGenerator;
import io.tributary.asyncapi.codegen.GeneratedSources;
import io.tributary.asyncapi.codegen.InMemoryCompiler;
import io.tributary.streams.codec.SchemaViolation;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The acceptance: the AsyncAPI project's own example {@code streetlights-kafka-asyncapi.yml}
 * (3.1.0) generates code that compiles; its {@code receive} operation runs against the embedded
 * broker with a message produced by a generated publisher, and its {@code send} operations publish.
 */
class StreetlightsAcceptanceTest {

  private static final String PACKAGE = "generated.streetlights";
  private static final String MEASURED = "smartylighting.streetlights.1.0.event.7.lighting.measured";
  private static final String TURN_ON = "smartylighting.streetlights.1.0.action.7.turn.on";

  /** Written the way a user writes code against the generated API; compiled with it. */
  private static final String DRIVER = """
      package generated.streetlights;

      import com.fasterxml.jackson.databind.ObjectMapper;
      import java.util.List;
      import java.util.concurrent.BlockingQueue;
      import java.util.concurrent.CompletableFuture;
      import java.util.concurrent.LinkedBlockingQueue;
      import java.util.concurrent.TimeUnit;
      import java.util.function.BiFunction;
      import org.apache.pekko.actor.ActorSystem;

      /** Measures a light, receives the measurement, turns the light on. */
      public final class Driver implements BiFunction<ActorSystem, String, List<String>> {
        @Override
        public List<String> apply(ActorSystem system, String servers) {
          try {
            ObjectMapper json = new ObjectMapper().findAndRegisterModules();
            BlockingQueue<LightMeasuredPayload> received = new LinkedBlockingQueue<>();
            var runner = ReceiveLightMeasurement.start(system, servers, "7", (payload, metadata) -> {
              received.add(payload);
              return CompletableFuture.completedFuture(null);
            });
            try (LightingMeasuredPublisher lights = LightingMeasuredPublisher.create(system, servers);
                TurnOnPublisher turnOn = TurnOnPublisher.create(system, servers)) {
              LightMeasuredPayload measured = json.readValue(
                  "{\\"lumens\\":420,\\"sentAt\\":\\"2026-12-07T18:00:00Z\\"}", LightMeasuredPayload.class);
              lights.send("7", measured).toCompletableFuture().get(60, TimeUnit.SECONDS);
              LightMeasuredPayload got = received.poll(60, TimeUnit.SECONDS);
              TurnOnOffPayload on = json.readValue(
                  "{\\"command\\":\\"on\\",\\"sentAt\\":\\"2026-12-07T18:00:01Z\\"}", TurnOnOffPayload.class);
              turnOn.send("7", on).toCompletableFuture().get(60, TimeUnit.SECONDS);
              return List.of(String.valueOf(got == null ? null : json.writeValueAsString(got)),
                  json.writeValueAsString(on));
            } finally {
              runner.control().drainAndShutdown(runner.completion(), system.dispatcher())
                  .toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }
      }
      """;

  @RegisterExtension
  static final EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.shared();

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("streetlights-acceptance");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void streetlights_generates_compiling_code_whose_receive_gets_what_its_publisher_sends()
      throws Exception {
    GeneratedSources sources = AsyncApiGenerator.generate(
        Path.of("src/test/resources/asyncapi/codegen/streetlights-kafka-asyncapi.yml"), PACKAGE);
    assertThat(sources.files().keySet()).contains(
        "generated/streetlights/LightMeasuredPayload.java", "generated/streetlights/TurnOnOffPayload.java",
        "generated/streetlights/DimLightPayload.java", "generated/streetlights/ReceiveLightMeasurement.java",
        "generated/streetlights/ReceiveLightMeasurementHandler.java", "generated/streetlights/TurnOnPublisher.java",
        "generated/streetlights/TurnOffPublisher.java", "generated/streetlights/DimLightPublisher.java",
        "generated/streetlights/LightingMeasuredPublisher.java");
    assertThat(sources.files().get("generated/streetlights/LightMeasuredPayload.java"))
        .contains("Light intensity measured in lumens.");
    for (String topic : List.of(MEASURED, MEASURED + ".dlq", TURN_ON)) {
      kafka.createTopic(topic, 1);
    }
    ClassLoader loader = InMemoryCompiler.compile(sources, Map.of("Driver", DRIVER)).loader();

    @SuppressWarnings("unchecked")
    BiFunction<ActorSystem, String, List<String>> driver = (BiFunction<ActorSystem, String, List<String>>)
        loader.loadClass(PACKAGE + ".Driver").getConstructor().newInstance();
    List<String> result = driver.apply(system, kafka.bootstrapServers());

    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(result.get(0)))
        .isEqualTo(json.readTree("{\"lumens\":420,\"sentAt\":\"2026-12-07T18:00:00Z\"}"));
    List<ConsumerRecord<byte[], byte[]>> turnedOn = KafkaRecords.awaitRecords(kafka.bootstrapServers(), TURN_ON, 1);
    JsonNode command = json.readTree(turnedOn.get(0).value());
    assertThat(command.get("command").asText()).isEqualTo("on");
    assertThat(command.get("sentAt").asText()).isEqualTo("2026-12-07T18:00:01Z");
  }

  @Test
  void a_measurement_outside_the_schema_is_dead_lettered_with_its_violations() throws Exception {
    String topic = "smartylighting.streetlights.1.0.event.9.lighting.measured";
    kafka.createTopic(topic, 1);
    kafka.createTopic(topic + ".dlq", 1);
    GeneratedSources sources = AsyncApiGenerator.generate(
        Path.of("src/test/resources/asyncapi/codegen/streetlights-kafka-asyncapi.yml"), PACKAGE);
    ClassLoader loader = InMemoryCompiler.compile(sources, Map.of()).loader();
    Class<?> factory = loader.loadClass(PACKAGE + ".ReceiveLightMeasurement");
    Class<?> handlerType = loader.loadClass(PACKAGE + ".ReceiveLightMeasurementHandler");
    List<Object> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
    Object handler = java.lang.reflect.Proxy.newProxyInstance(loader, new Class<?>[] {handlerType},
        (proxy, method, args) -> {
          if (method.getName().equals("handle")) {
            handled.add(args[0]);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
          }
          throw new UnsupportedOperationException(method.getName());
        });
    var start = factory.getMethod("start", org.apache.pekko.actor.ClassicActorSystemProvider.class, String.class,
        String.class, handlerType);
    var runner = (io.tributary.connectors.kafka.KafkaRunner<?>) start.invoke(null, system, kafka.bootstrapServers(),
        "9", handler);
    try {
      try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new ByteArraySerializer(),
          new ByteArraySerializer())) {
        raw.send(new ProducerRecord<>(topic, "{\"lumens\":-5}".getBytes(StandardCharsets.UTF_8)))
            .get(30, TimeUnit.SECONDS);
      }
      List<ConsumerRecord<byte[], byte[]>> dead = KafkaRecords.awaitRecords(kafka.bootstrapServers(), topic + ".dlq", 1);
      String errors = new String(dead.get(0).headers().lastHeader(DeadLetterHeaders.VALIDATION_ERRORS).value(),
          StandardCharsets.UTF_8);
      assertThat(SchemaViolation.fromJson(errors)).extracting(SchemaViolation::pointer).containsExactly("/lumens");
      assertThat(handled).isEmpty();
    } finally {
      runner.control().drainAndShutdown(runner.completion(), system.dispatcher()).toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    }
  }
}
