package io.tributary.asyncapi.codegen.accept;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.asyncapi.codegen.AsyncApiGenerator;
import io.tributary.asyncapi.codegen.GeneratedSources;
import io.tributary.asyncapi.codegen.InMemoryCompiler;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Documents of other shapes (request/reply on AMQP, oneOf on NATS, Tributary's own) generate code that compiles. */
class DocumentsCompileTest {

  private static final Path DOCS = Path.of("src/test/resources/asyncapi");

  @Test
  void amqp_request_reply_gives_a_handler_returning_the_reply() throws Exception {
    GeneratedSources sources = AsyncApiGenerator.generate(DOCS.resolve("codegen/accept-amqp-quotes.yaml"), null);
    assertThat(sources.packageName()).isEqualTo("generated.quoteservice");
    assertThat(sources.files().keySet()).extracting(path -> path.substring(path.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrder("Quote.java", "QuoteRequest.java", "QuoteRequestSide.java", "AnswerQuote.java",
            "AnswerQuoteHandler.java", "QuoteRequestsPublisher.java");
    assertThat(sources.files().get("generated/quoteservice/AnswerQuoteHandler.java"))
        .contains("CompletionStage<Quote> handle(QuoteRequest payload");
    assertThat(sources.files().get("generated/quoteservice/QuoteRequest.java"))
        .contains("@JsonProperty(\"client-ref\")", "Optional<String> clientRef");
    InMemoryCompiler.compile(sources, Map.of()).loader();
  }

  @Test
  void nats_one_of_with_a_discriminator_gives_a_sealed_interface() throws Exception {
    GeneratedSources sources = AsyncApiGenerator.generate(DOCS.resolve("codegen/accept-nats-shapes.yaml"),
        "com.example.board");
    assertThat(sources.files().get("com/example/board/Shape.java")).contains("sealed interface Shape");
    assertThat(sources.files().keySet()).contains("com/example/board/Circle.java", "com/example/board/Square.java",
        "com/example/board/Point.java", "com/example/board/OnShapeDrawn.java",
        "com/example/board/DrawShapePublisher.java");
    InMemoryCompiler.compile(sources, Map.of()).loader();
  }

  @Test
  void tributarys_own_document_with_a_hub_topic_gives_payload_types_for_the_hub() throws Exception {
    GeneratedSources sources = AsyncApiGenerator.generate(DOCS.resolve("shipping.yaml"), null);
    assertThat(sources.files().keySet()).extracting(path -> path.substring(path.lastIndexOf('/') + 1))
        .containsExactlyInAnyOrder("Address.java", "Item.java", "Priority.java", "Shipment.java",
            "ReceiveShipments.java", "ReceiveShipmentsHandler.java", "SendShipmentsConfirmedPublisher.java",
            "ShipmentsPublisher.java");
    InMemoryCompiler.compile(sources, Map.of()).loader();
  }
}
