package io.tributary.asyncapi.codegen.accept;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.asyncapi.AsyncApi;
import io.tributary.asyncapi.DocumentsReadBack;
import io.tributary.asyncapi.Shipment;
import io.tributary.asyncapi.codegen.AsyncApiGenerator;
import io.tributary.asyncapi.codegen.GeneratedSources;
import io.tributary.asyncapi.codegen.InMemoryCompiler;
import io.tributary.asyncapi.validation.ValidatingDecoder;
import io.tributary.connectors.kafka.KafkaRunner;
import io.tributary.connectors.kafka.KafkaSink;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.testkit.EmbeddedKafkaExtension;
import io.tributary.testkit.KafkaRecords;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The round trip: a service's document, code generated from it, compiled, run against the broker, and
 * the document of what that code runs: the same text. The document is also read back by asyncapi-core.
 */
class RoundTripTest {

  private static final String PACKAGE = "generated.shipping";

  /** A service built on the generated code: receives shipments, confirms each. */
  private static final String SERVICE = """
      package generated.shipping;

      import com.fasterxml.jackson.databind.ObjectMapper;
      import io.tributary.asyncapi.AsyncApi;
      import java.util.List;
      import java.util.concurrent.CompletableFuture;
      import java.util.concurrent.TimeUnit;
      import java.util.function.BiFunction;
      import org.apache.pekko.actor.ActorSystem;

      /** Confirms every shipment it receives; returns the document of what it ran. */
      public final class Service implements BiFunction<ActorSystem, String, List<String>> {
        @Override
        public List<String> apply(ActorSystem system, String servers) {
          try (SendShipmentsConfirmedPublisher confirmed = SendShipmentsConfirmedPublisher.create(system, servers);
              ShipmentsPublisher shipments = ShipmentsPublisher.create(system, servers)) {
            CompletableFuture<Void> handled = new CompletableFuture<>();
            var runner = ReceiveShipments.start(system, servers, (shipment, metadata) ->
                confirmed.send(shipment).thenApply(done -> {
                  handled.complete(null);
                  return null;
                }));
            try {
              ObjectMapper json = new ObjectMapper().findAndRegisterModules();
              Shipment shipment = json.readValue("{\\"id\\":\\"s-1\\",\\"address\\":{\\"street\\":\\"Main 1\\","
                  + "\\"city\\":\\"Basel\\"},\\"priority\\":\\"express\\",\\"sent_at\\":1765130400000,"
                  + "\\"items\\":[{\\"sku\\":\\"a\\",\\"quantity\\":2}]}", Shipment.class);
              shipments.send(shipment).toCompletableFuture().get(60, TimeUnit.SECONDS);
              handled.get(60, TimeUnit.SECONDS);
              String document = AsyncApi.document("shipping", "1.0.0", runner, confirmed).toYaml();
              return List.of(document, json.writeValueAsString(shipment));
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
    system = ActorSystem.create("round-trip");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void service_document_code_broker_document() throws Exception {
    String servers = kafka.bootstrapServers();
    for (String topic : List.of("shipments", "shipments.dlq", "shipments-confirmed")) {
      kafka.createTopic(topic, 1);
    }
    KafkaSourceSettings<Shipment> source = KafkaSourceSettings.create(servers, "shipping", List.of("shipments"),
        ValidatingDecoder.of(Shipment.class));
    String original = AsyncApi.document("shipping", "1.0.0", () -> KafkaRunner.describe(source),
        KafkaSink.describe(servers, "shipments-confirmed", Shipment.class)).toYaml();

    GeneratedSources sources = AsyncApiGenerator.generate(original, PACKAGE);
    ClassLoader loader = InMemoryCompiler.compile(sources, Map.of("Service", SERVICE)).loader();
    @SuppressWarnings("unchecked")
    BiFunction<ActorSystem, String, List<String>> service = (BiFunction<ActorSystem, String, List<String>>)
        loader.loadClass(PACKAGE + ".Service").getConstructor().newInstance();
    List<String> result = service.apply(system, servers);

    assertThat(result.get(0)).isEqualTo(original);
    assertThat(DocumentsReadBack.read(result.get(0))).isNotNull();
    List<ConsumerRecord<byte[], byte[]>> confirmed = KafkaRecords.awaitRecords(servers, "shipments-confirmed", 1);
    ObjectMapper json = new ObjectMapper();
    JsonNode sent = json.readTree(result.get(1));
    assertThat(json.readTree(confirmed.get(0).value())).isEqualTo(sent);
    assertThat(sent.get("sent_at").asLong()).isEqualTo(1765130400000L);
  }
}
