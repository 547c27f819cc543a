package io.tributary.asyncapi.codegen.operations;

import io.tributary.asyncapi.codegen.InMemoryCompiler;

import static io.tributary.asyncapi.codegen.operations.GeneratedKafkaTest.method;
import static io.tributary.asyncapi.codegen.operations.TestModels.PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.OperationModel;
import io.tributary.asyncapi.codegen.model.ReplyModel;
import io.tributary.asyncapi.codegen.types.SourceFile;
import io.tributary.streams.describe.Action;
import io.tributary.streams.lifecycle.SourceRunner;
import io.tributary.testkit.NatsExtension;
import io.tributary.testkit.NatsFixture;
import io.tributary.testkit.RabbitMqExtension;
import io.tributary.testkit.RabbitMqFixture;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Generated AMQP and NATS code on the local brokers: send -> receive, and a receive that replies. */
class GeneratedAmqpNatsTest {

  @RegisterExtension
  static final RabbitMqExtension rabbit = new RabbitMqExtension();
  @RegisterExtension
  static final NatsExtension nats = new NatsExtension();

  private static ActorSystem system;

  @BeforeAll
  static void start() {
    system = ActorSystem.create("generated-amqp-nats-test");
  }

  @AfterAll
  static void stop() {
    system.terminate();
  }

  @Test
  void amqp_generated_publisher_sends_and_generated_runner_receives() throws Exception {
    RabbitMqFixture fixture = rabbit.fixture();
    String queue = fixture.queueName("readings");
    fixture.deleteQueueAtClose(queue);
    fixture.deleteQueueAtClose(queue + ".dlq");
    roundTrip("amqp", fixture.uri(), queue);
  }

  @Test
  void nats_generated_publisher_sends_and_generated_runner_receives() throws Exception {
    NatsFixture fixture = nats.fixture();
    String stream = fixture.streamName("READINGS");
    String subject = stream.toLowerCase() + ".readings";
    fixture.createStream(stream, subject);
    fixture.deleteStreamAtClose(stream);
    fixture.deleteStreamAtClose(stream + "_DLQ");
    roundTrip("nats", fixture.url(), subject, Map.of("nats", TestModels.json("{\"x-stream\":\"" + stream
        + "\"}")));
  }

  private void roundTrip(String protocol, String servers, String address) throws Exception {
    roundTrip(protocol, servers, address, Map.of());
  }

  private void roundTrip(String protocol, String servers, String address,
      Map<String, com.fasterxml.jackson.databind.JsonNode> bindings) throws Exception {
    ChannelModel channel = TestModels.channel("readings", address, List.of(TestModels.message("reading", "Reading")),
        bindings);
    ApiModel model = TestModels.api(List.of(TestModels.server("broker", protocol, "127.0.0.1")), List.of(channel),
        List.of(TestModels.op("onReading", Action.RECEIVE, channel),
            TestModels.op("publishReading", Action.SEND, channel)));
    List<SourceFile> sources = new ArrayList<>(OperationSources.generate(model, PACKAGE, TestModels::types));
    sources.add(TestModels.READING);
    ClassLoader loader = InMemoryCompiler.compile(sources).loader();
    List<Object> handled = new CopyOnWriteArrayList<>();
    Object handler = handler(loader, "OnReadingHandler", payload -> {
      handled.add(payload);
      return CompletableFuture.completedFuture(null);
    });
    SourceRunner<?> runner = (SourceRunner<?>) method(loader.loadClass(PACKAGE + ".OnReading"), "start", 3)
        .invoke(null, system, servers, handler);
    try {
      Class<?> publisherType = loader.loadClass(PACKAGE + ".PublishReadingPublisher");
      try (AutoCloseable publisher = (AutoCloseable) method(publisherType, "create", 2).invoke(null, system, servers)) {
        Class<?> reading = loader.loadClass(PACKAGE + ".Reading");
        for (int i = 0; i < 3; i++) {
          Object payload = reading.getConstructors()[0].newInstance("s" + i, i + 0.5);
          ((CompletionStage<?>) publisherType.getMethod("send", reading).invoke(publisher, payload))
              .toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() >= 3);
      assertThat(handled).extracting(Object::toString).containsExactlyInAnyOrder("Reading[sensor=s0, value=0.5]",
          "Reading[sensor=s1, value=1.5]", "Reading[sensor=s2, value=2.5]");
    } finally {
      runner.stopIntake();
      runner.drain(Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS);
      runner.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void amqp_receive_with_reply_sends_the_handlers_answer_to_the_address_in_the_request_header()
      throws Exception {
    RabbitMqFixture fixture = rabbit.fixture();
    String queue = fixture.queueName("questions");
    String replies = fixture.queueName("answers");
    fixture.deleteQueueAtClose(queue);
    fixture.deleteQueueAtClose(queue + ".dlq");
    fixture.declareQueue(replies);
    fixture.deleteQueueAtClose(replies);
    ChannelModel questions = TestModels.channel("questions", queue, List.of(TestModels.message("question", "Text")),
        Map.of());
    ChannelModel answers = TestModels.channel("answers", null, List.of(TestModels.message("answer", "Reading")),
        Map.of());
    ReplyModel reply = new ReplyModel("#/operations/answer/reply", Optional.of(answers),
        Optional.of("$message.header#/replyTo"), answers.messages());
    ApiModel model = TestModels.api(List.of(TestModels.server("rabbit", "amqp", "127.0.0.1")),
        List.of(questions, answers), List.of(TestModels.op("answer", Action.RECEIVE, questions, Map.of(),
            Optional.of(reply))));
    List<SourceFile> sources = new ArrayList<>(OperationSources.generate(model, PACKAGE, TestModels::types));
    sources.add(TestModels.READING);
    ClassLoader loader = InMemoryCompiler.compile(sources).loader();
    Class<?> reading = loader.loadClass(PACKAGE + ".Reading");
    Object handler = handler(loader, "AnswerHandler", question -> {
      try {
        return CompletableFuture.completedFuture(reading.getConstructors()[0].newInstance(question, 42.0));
      } catch (ReflectiveOperationException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
    SourceRunner<?> runner = (SourceRunner<?>) method(loader.loadClass(PACKAGE + ".Answer"), "start", 3)
        .invoke(null, system, fixture.uri(), handler);
    try {
      fixture.withChannel(ch -> {
        ch.basicPublish("", queue, new AMQP.BasicProperties.Builder().headers(Map.of("replyTo", replies)).build(),
            "how warm?".getBytes(StandardCharsets.UTF_8));
        return null;
      });
      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.messageCount(replies) >= 1);
      List<GetResponse> answered = fixture.takeAll(replies);
      assertThat(RabbitMqFixture.text(answered.get(0))).isEqualTo("{\"sensor\":\"how warm?\",\"value\":42.0}");
      assertThat(answered.get(0).getProps().getContentType()).isEqualTo("application/json");
    } finally {
      runner.stopIntake();
      runner.drain(Duration.ofSeconds(10)).toCompletableFuture().get(20, TimeUnit.SECONDS);
      runner.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  private static Object handler(ClassLoader loader, String name, Function<Object, CompletionStage<?>> handle)
      throws ClassNotFoundException {
    Class<?> type = loader.loadClass(PACKAGE + "." + name);
    return Proxy.newProxyInstance(loader, new Class<?>[] {type}, (proxy, method, args) -> {
      if (method.getName().equals("handle")) {
        return handle.apply(args[0]);
      }
      if (method.getName().equals("toString")) {
        return name;
      }
      return method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
    });
  }
}
