package io.tributary.asyncapi.codegen.accept;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.asyncapi.codegen.AsyncApiGenerator;
import io.tributary.asyncapi.codegen.InMemoryCompiler;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Both sides of request/reply from one document, generated, compiled with a hand-written driver and run on
 * the local brokers: the requester's publisher asks, the generated replier answers, the requester gets the
 * typed reply; a reply that breaks its schema fails the request with the violations; a request nobody
 * answers times out; a full requester refuses, a closed one fails what it awaited.
 */
class RequestReplyAcceptanceTest {

  private static final Path DOCS = Path.of("src/test/resources/asyncapi/codegen");

  /** What a failed request's stage failed with: the exception's simple name and, if any, the violations. */
  private static final String OUTCOME = """
      static String outcome(java.util.concurrent.CompletionStage<?> stage) {
        try {
          return "reply " + stage.toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof io.tributary.asyncapi.runtime.InvalidReplyException invalid) {
            java.util.List<String> pointers = new java.util.ArrayList<>();
            invalid.violations().forEach(v -> pointers.add(v.pointer()));
            return "InvalidReplyException " + pointers;
          }
          return cause.getClass().getSimpleName();
        } catch (Exception e) {
          return "stuck " + e;
        }
      }
      """;

  /** Prices (symbol length x 10, and a negative price for BAD), counts stock, then asks with nobody there. */
  private static final String PRICE_DRIVER = """
      package generated.pricedesk;

      import io.tributary.asyncapi.runtime.PublisherSettings;
      import io.tributary.asyncapi.runtime.RequesterSettings;
      import io.tributary.streams.lifecycle.SourceRunner;
      import java.time.Duration;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.concurrent.CompletableFuture;
      import java.util.concurrent.CompletionStage;
      import java.util.concurrent.TimeUnit;
      import java.util.function.BiFunction;
      import org.apache.pekko.actor.ActorSystem;

      /** Asks the desk. */
      public final class PriceDriver implements BiFunction<ActorSystem, String, List<String>> {
        @Override
        public List<String> apply(ActorSystem system, String uri) {
          List<String> seen = new ArrayList<>();
          SourceRunner<?> prices = AnswerPrice.start(system, uri, (request, metadata) ->
              CompletableFuture.completedFuture(new PricePayload(request.symbol(),
                  request.symbol().equals("BAD") ? -1.0 : 10.0 * request.symbol().length())));
          SourceRunner<?> stock = AnswerStock.start(system, uri, (request, metadata) ->
              CompletableFuture.completedFuture(new StockLevelPayload(request.sku(), request.sku().length())));
          try (AskPricePublisher ask = AskPricePublisher.create(system, uri);
              AskStockPublisher askStock = AskStockPublisher.create(system, uri)) {
            seen.add(outcome(ask.request(new PriceRequestPayload("ACME")).thenApply(PricePayload::price)));
            List<String> symbols = List.of("A", "BB", "CCC", "DDDD", "EEEEE", "F", "GG", "HHH");
            List<CompletionStage<PricePayload>> many = new ArrayList<>();
            symbols.forEach(s -> many.add(ask.request(new PriceRequestPayload(s))));
            List<String> matched = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
              PricePayload p = many.get(i).toCompletableFuture().get(60, TimeUnit.SECONDS);
              matched.add(p.symbol().equals(symbols.get(i)) && p.price() == 10.0 * symbols.get(i).length()
                  ? "ok" : "mismatch " + p);
            }
            seen.add("concurrent " + matched);
            seen.add(outcome(askStock.request(new StockRequestPayload("sku-12")).thenApply(StockLevelPayload::count)));
            seen.add(outcome(ask.request(new PriceRequestPayload("BAD"))));
            stop(prices);
            stop(stock);
            seen.add(outcome(ask.request(new PriceRequestPayload("LATE"), Duration.ofMillis(700))));
            seen.add(outcome(askStock.request(new StockRequestPayload("late"), Duration.ofMillis(700))));
            seen.add("outstanding " + ask.requester().outstanding());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          AskPricePublisher small = AskPricePublisher.create(system, uri, PublisherSettings.defaults(),
              RequesterSettings.defaults().withMaxOutstanding(1));
          CompletionStage<PricePayload> waiting = small.request(new PriceRequestPayload("WAIT"));
          seen.add("full: " + outcome(small.request(new PriceRequestPayload("MORE"))));
          small.close();
          seen.add("closed: " + outcome(waiting));
          return seen;
        }

        private static void stop(SourceRunner<?> runner) {
          runner.stopIntake();
          runner.drain(Duration.ofSeconds(10)).toCompletableFuture().join();
          runner.release().toCompletableFuture().join();
        }

      """ + OUTCOME + "}\n";

  /** Checks stock in warehouse 7 (count = sku length, -1 for "bad"), restocks, then asks with nobody there. */
  private static final String INVENTORY_DRIVER = """
      package generated.inventory;

      import io.tributary.streams.lifecycle.SourceRunner;
      import java.time.Duration;
      import java.util.ArrayList;
      import java.util.List;
      import java.util.concurrent.CompletableFuture;
      import java.util.function.BiFunction;
      import org.apache.pekko.actor.ActorSystem;

      /** Asks the inventory. */
      public final class InventoryDriver implements BiFunction<ActorSystem, String, List<String>> {
        @Override
        public List<String> apply(ActorSystem system, String servers) {
          List<String> seen = new ArrayList<>();
          SourceRunner<?> checks = AnswerStockCheck.start(system, servers, "7", (request, metadata) ->
              CompletableFuture.completedFuture(new StockAnswerPayload(request.sku(),
                  request.sku().equals("bad") ? -1 : request.sku().length())));
          SourceRunner<?> restocks = OnRestock.start(system, servers, (request, metadata) ->
              CompletableFuture.completedFuture(new RestockDonePayload(request.sku(), 100 + request.count())));
          try (CheckStockPublisher check = CheckStockPublisher.create(system, servers);
              RestockPublisher restock = RestockPublisher.create(system, servers)) {
            seen.add(outcome(check.request("7", new StockCheckPayload("sku-1"))
                .thenApply(a -> a.sku() + "=" + a.count())));
            seen.add(outcome(restock.request(new RestockPayload("sku-1", 5)).thenApply(RestockDonePayload::total)));
            seen.add(outcome(check.request("7", new StockCheckPayload("bad"))));
            stop(checks);
            stop(restocks);
            seen.add(outcome(check.request("7", new StockCheckPayload("late"), Duration.ofMillis(700))));
            seen.add("outstanding " + check.requester().outstanding());
          }
          return seen;
        }

        private static void stop(SourceRunner<?> runner) {
          runner.stopIntake();
          runner.drain(Duration.ofSeconds(10)).toCompletableFuture().join();
          runner.release().toCompletableFuture().join();
        }

      """ + OUTCOME + "}\n";

  @RegisterExtension
  static final RabbitMqExtension rabbit = new RabbitMqExtension();
  @RegisterExtension
  static final NatsExtension nats = new NatsExtension();

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("request-reply-acceptance");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void amqp_requester_gets_typed_replies_from_the_generated_replier_and_fails_clearly_otherwise() throws Exception {
    RabbitMqFixture fixture = rabbit.fixture();
    for (String queue : List.of("prices.requests", "prices.requests.dlq", "stock.requests", "stock.requests.dlq",
        "stock.replies")) {
      fixture.deleteQueueAtClose(queue);
    }
    List<String> seen = run(DOCS.resolve("requester-amqp.yaml"), "PriceDriver", PRICE_DRIVER, fixture.uri());

    assertThat(seen).containsExactly(
        "reply 40.0",
        "concurrent [ok, ok, ok, ok, ok, ok, ok, ok]",
        "reply 6",
        "InvalidReplyException [/price]",
        "ReplyTimeoutException",
        "ReplyTimeoutException",
        "outstanding 0",
        "full: PublishRejectedException",
        "closed: PublishRejectedException");
  }

  @Test
  void nats_requester_gets_replies_on_its_core_inbox_and_on_a_fixed_subject() throws Exception {
    nats.fixture().deleteStreamAtClose("INVENTORY__WAREHOUSE__CHECK");
    nats.fixture().deleteStreamAtClose("INVENTORY_RESTOCK");
    List<String> seen = run(DOCS.resolve("requester-nats.yaml"), "InventoryDriver", INVENTORY_DRIVER,
        nats.fixture().url());

    assertThat(seen).containsExactly(
        "reply sku-1=5",
        "reply 105",
        "InvalidReplyException [/count]",
        "ReplyTimeoutException",
        "outstanding 0");
  }

  private static List<String> run(Path document, String driver, String source, String servers) throws Exception {
    InMemoryCompiler.Compiled compiled = InMemoryCompiler.compile(AsyncApiGenerator.generate(document, null),
        Map.of(driver, source));
    String packageName = source.substring("package ".length(), source.indexOf(';'));
    @SuppressWarnings("unchecked")
    BiFunction<ActorSystem, String, List<String>> run = (BiFunction<ActorSystem, String, List<String>>)
        compiled.load(packageName + "." + driver).getConstructor().newInstance();
    return run.apply(system, servers);
  }
}
