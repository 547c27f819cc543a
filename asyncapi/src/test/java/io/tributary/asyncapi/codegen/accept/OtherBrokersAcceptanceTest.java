package io.tributary.asyncapi.codegen.accept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.tributary.asyncapi.codegen.AsyncApiGenerator;
import io.tributary.asyncapi.codegen.InMemoryCompiler;
import io.tributary.streams.codec.SchemaViolation;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Documents of other shapes, run on the local brokers from the code generated for them: request/reply on
 * RabbitMQ (the reply goes where the request's {@code replyTo} header says, with its {@code correlation_id}),
 * and a {@code oneOf} payload with a discriminator on a parameterised NATS subject.
 */
class OtherBrokersAcceptanceTest {

  private static final Path DOCS = Path.of("src/test/resources/asyncapi/codegen");

  /** A quote desk on the generated API: prices requests at 12.5 a share. */
  private static final String QUOTE_DESK = """
      package generated.quoteservice;

      import java.time.OffsetDateTime;
      import java.util.concurrent.CompletableFuture;
      import java.util.function.BiFunction;
      import org.apache.pekko.actor.ActorSystem;

      /** Starts the quote desk. */
      public final class QuoteDesk implements BiFunction<ActorSystem, String, Object> {
        @Override
        public Object apply(ActorSystem system, String uri) {
          return AnswerQuote.start(system, uri, (request, metadata) -> CompletableFuture.completedFuture(
              new Quote(request.symbol(), 12.5 * request.quantity(),
                  OffsetDateTime.parse("2026-12-07T19:00:00+01:00"), request.clientRef())));
        }
      }
      """;

  /** Draws a circle and a square on board 7 and returns what the board received. */
  private static final String BOARD = """
      package generated.drawingboard;

      import java.util.ArrayList;
      import java.util.List;
      import java.util.Optional;
      import java.util.concurrent.BlockingQueue;
      import java.util.concurrent.CompletableFuture;
      import java.util.concurrent.LinkedBlockingQueue;
      import java.util.concurrent.TimeUnit;
      import java.util.function.BiFunction;
      import org.apache.pekko.actor.ActorSystem;

      /** Draws on board 7. */
      public final class Board implements BiFunction<ActorSystem, String, List<String>> {
        @Override
        public List<String> apply(ActorSystem system, String servers) {
          BlockingQueue<Shape> drawn = new LinkedBlockingQueue<>();
          var runner = OnShapeDrawn.start(system, servers, "7", (shape, metadata) -> {
            drawn.add(shape);
            return CompletableFuture.completedFuture(null);
          });
          try (DrawShapePublisher draw = DrawShapePublisher.create(system, servers)) {
            draw.send("7", new Circle(2.5, Optional.of(List.of("red")))).toCompletableFuture().get(60, TimeUnit.SECONDS);
            draw.send("7", new Square(3.0, Optional.of(new Point(1, 2)))).toCompletableFuture().get(60, TimeUnit.SECONDS);
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
              Shape shape = drawn.poll(60, TimeUnit.SECONDS);
              if (shape instanceof Circle c) {
                seen.add("circle r=" + c.radius() + " tags=" + c.tags());
              } else if (shape instanceof Square s) {
                seen.add("square side=" + s.side() + " corner=" + s.corner());
              } else {
                seen.add("nothing");
              }
            }
            return seen;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          } finally {
            runner.stopIntake();
            runner.drain(java.time.Duration.ofSeconds(10)).toCompletableFuture().join();
            runner.release().toCompletableFuture().join();
          }
        }
      }
      """;

  @RegisterExtension
  static final RabbitMqExtension rabbit = new RabbitMqExtension();
  @RegisterExtension
  static final NatsExtension nats = new NatsExtension();

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("other-brokers-acceptance");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void amqp_request_reply_answers_to_the_reply_to_header_and_dead_letters_invalid_requests() throws Exception {
    RabbitMqFixture fixture = rabbit.fixture();
    String replies = fixture.queueName("quotes");
    fixture.declareQueue(replies);
    fixture.deleteQueueAtClose(replies);
    fixture.deleteQueueAtClose("quotes.requests");
    fixture.deleteQueueAtClose("quotes.requests.dlq");
    ClassLoader loader = InMemoryCompiler.compile(AsyncApiGenerator.generate(DOCS.resolve("accept-amqp-quotes.yaml"),
        null), Map.of("QuoteDesk", QUOTE_DESK)).loader();
    @SuppressWarnings("unchecked")
    BiFunction<ActorSystem, String, Object> desk = (BiFunction<ActorSystem, String, Object>)
        loader.loadClass("generated.quoteservice.QuoteDesk").getConstructor().newInstance();
    SourceRunner<?> runner = (SourceRunner<?>) desk.apply(system, fixture.uri());
    try {
      fixture.withChannel(ch -> {
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().headers(Map.of("replyTo", replies))
            .correlationId("c-1").build();
        ch.basicPublish("", "quotes.requests", props,
            "{\"symbol\":\"ACME\",\"quantity\":4,\"side\":\"buy\",\"client-ref\":\"r-1\"}"
                .getBytes(StandardCharsets.UTF_8));
        ch.basicPublish("", "quotes.requests", props,
            "{\"symbol\":\"acme-corp\",\"quantity\":0,\"side\":\"buy\"}".getBytes(StandardCharsets.UTF_8));
        return null;
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.messageCount(replies) >= 1
          && fixture.messageCount("quotes.requests.dlq") >= 1);
      List<GetResponse> answered = fixture.takeAll(replies);
      assertThat(answered).hasSize(1);
      assertThat(answered.get(0).getProps().getCorrelationId()).isEqualTo("c-1"); // a plain AMQP requester's id
      JsonNode quote = new ObjectMapper().readTree(RabbitMqFixture.text(answered.get(0)));
      assertThat(quote).isEqualTo(new ObjectMapper().readTree("{\"symbol\":\"ACME\",\"price\":50.0,"
          + "\"valid_until\":\"2026-12-07T19:00:00+01:00\",\"client-ref\":\"r-1\"}"));
      GetResponse dead = fixture.takeAll("quotes.requests.dlq").get(0);
      assertThat(SchemaViolation.fromJson(RabbitMqFixture.header(dead, DeadLetterHeaders.VALIDATION_ERRORS)))
          .extracting(SchemaViolation::pointer).containsExactlyInAnyOrder("/symbol", "/quantity");
    } finally {
      runner.stopIntake();
      runner.drain(Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS);
      runner.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void nats_one_of_payloads_arrive_as_the_alternative_they_were_sent_as() throws Exception {
    nats.fixture().deleteStreamAtClose("BOARD__BOARDID__SHAPES");
    ClassLoader loader = InMemoryCompiler.compile(AsyncApiGenerator.generate(DOCS.resolve("accept-nats-shapes.yaml"),
        null), Map.of("Board", BOARD)).loader();
    @SuppressWarnings("unchecked")
    BiFunction<ActorSystem, String, List<String>> board = (BiFunction<ActorSystem, String, List<String>>)
        loader.loadClass("generated.drawingboard.Board").getConstructor().newInstance();

    assertThat(board.apply(system, nats.fixture().url())).containsExactlyInAnyOrder(
        "circle r=2.5 tags=Optional[[red]]", "square side=3.0 corner=Optional[Point[x=1, y=2]]");
  }
}
