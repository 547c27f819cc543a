package io.tributary.asyncapi.codegen.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.MessageModel;
import io.tributary.asyncapi.codegen.model.ReplyModel;
import io.tributary.asyncapi.codegen.types.PayloadType;
import io.tributary.streams.describe.Action;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the generator refuses: a message with the JSON pointer and what is not supported, never broken code. */
class OperationRefusalsTest {

  private static ApiModel one(String protocol, ChannelModel channel, Action action, Optional<ReplyModel> reply) {
    return TestModels.api(List.of(TestModels.server("s", protocol, "127.0.0.1")), List.of(channel),
        List.of(TestModels.op("op", action, channel, Map.of(), reply)));
  }

  private static ChannelModel readings() {
    return TestModels.channel("readings", "readings", List.of(TestModels.message("reading", "Reading")), Map.of());
  }

  @Test
  void a_server_of_an_unsupported_protocol_is_refused_naming_the_protocols_found() {
    for (String protocol : List.of("mqtt", "http", "ws")) {
      assertThatThrownBy(() -> OperationSources.generate(one(protocol, readings(), Action.SEND, Optional.empty()),
          "gen", TestModels::types))
          .isInstanceOf(GenerationException.class)
          .hasMessageStartingWith("#/operations/op: no server of a supported protocol (kafka, amqp, nats)")
          .hasMessageContaining("s (" + protocol + ")");
    }
  }

  @Test
  void operations_on_hub_topics_only_give_no_code_at_all() {
    for (Action action : Action.values()) {
      assertThat(OperationSources.generate(one("pekko", readings(), action, Optional.empty()), "gen",
          TestModels::types)).isEmpty();
    }
  }

  @Test
  void messages_of_different_payload_types_in_one_operation_are_refused() {
    ChannelModel channel = TestModels.channel("mixed", "mixed",
        List.of(TestModels.message("reading", "Reading"), TestModels.message("text", "Text")), Map.of());
    assertThatThrownBy(() -> OperationSources.generate(one("kafka", channel, Action.RECEIVE, Optional.empty()),
        "gen", TestModels::types))
        .isInstanceOf(GenerationException.class)
        .hasMessageStartingWith("#/operations/op/messages: messages of different payload types in one operation "
            + "are not supported: Reading (#/components/messages/reading), String (#/components/messages/text)");
  }

  @Test
  void a_reply_address_taken_from_the_payload_is_refused() {
    ChannelModel answers = TestModels.channel("answers", null, readings().messages(), Map.of());
    ReplyModel reply = new ReplyModel("#/operations/op/reply", Optional.of(answers),
        Optional.of("$message.payload#/replyTo"), answers.messages());
    assertThatThrownBy(() -> OperationSources.generate(one("nats", readings(), Action.RECEIVE, Optional.of(reply)),
        "gen", TestModels::types))
        .isInstanceOf(GenerationException.class)
        .hasMessage("#/operations/op/reply/address/location: the reply address location '$message.payload#/replyTo'"
            + " is not supported; only a top-level request header is ($message.header#/<name>)");
  }

  @Test
  void a_kafka_send_operation_with_a_reply_is_refused_and_an_amqp_or_nats_one_is_a_requester() {
    ReplyModel reply = new ReplyModel("#/operations/op/reply", Optional.of(readings()), Optional.empty(),
        readings().messages());
    assertThatThrownBy(() -> OperationSources.generate(one("kafka", readings(), Action.SEND, Optional.of(reply)),
        "gen", TestModels::types))
        .isInstanceOf(GenerationException.class)
        .hasMessageStartingWith("#/operations/op/reply: a Kafka send operation with a reply (the requester's side")
        .hasMessageContaining("use AMQP or NATS");
    for (String protocol : List.of("amqp", "nats")) {
      assertThat(OperationSources.generate(one(protocol, readings(), Action.SEND, Optional.of(reply)), "gen",
          TestModels::types)).singleElement().satisfies(file -> assertThat(file.text())
          .contains("public java.util.concurrent.CompletionStage<Reading> request(Reading payload)")
          .contains("REPLY_ADDRESS = \"readings\""));
    }
  }

  @Test
  void a_send_operation_awaiting_a_generic_reply_is_refused() {
    PayloadType list = new PayloadType("java.util.List<Reading>", Optional.empty(), PayloadType.Encoding.JSON, "{}");
    ChannelModel answers = TestModels.channel("answers", "answers", List.of(TestModels.message("answer", "Answer")),
        Map.of());
    ReplyModel reply = new ReplyModel("#/operations/op/reply", Optional.of(answers), Optional.empty(),
        answers.messages());
    assertThatThrownBy(() -> OperationSources.generate(one("nats", readings(), Action.SEND, Optional.of(reply)),
        "gen", (MessageModel m) -> m.id().equals("answer") ? list : TestModels.types(m)))
        .isInstanceOf(GenerationException.class)
        .hasMessageStartingWith("#/components/messages/answer/payload: receiving the generic reply type "
            + "java.util.List<Reading> is not supported");
  }

  @Test
  void a_dynamic_address_and_a_generic_received_type_are_refused() {
    ChannelModel dynamic = TestModels.channel("dyn", null, readings().messages(), Map.of());
    assertThatThrownBy(() -> OperationSources.generate(one("kafka", dynamic, Action.SEND, Optional.empty()),
        "gen", TestModels::types))
        .hasMessageStartingWith("#/channels/dyn/address: the address is dynamic (null)");
    PayloadType list = new PayloadType("java.util.List<Reading>", Optional.empty(), PayloadType.Encoding.JSON, "{}");
    assertThatThrownBy(() -> OperationSources.generate(one("kafka", readings(), Action.RECEIVE, Optional.empty()),
        "gen", (MessageModel m) -> list))
        .hasMessageStartingWith("#/components/messages/reading/payload: receiving the generic payload type "
            + "java.util.List<Reading> is not supported");
  }

  @Test
  void an_ambiguous_kafka_group_is_refused() {
    ApiModel model = TestModels.api(List.of(TestModels.server("s", "kafka", "h:9092")), List.of(readings()),
        List.of(TestModels.op("op", Action.RECEIVE, readings(),
            Map.of("kafka", TestModels.json("{\"groupId\":{\"enum\":[\"a\",\"b\"]}}")), Optional.empty())));
    assertThatThrownBy(() -> OperationSources.generate(model, "gen", TestModels::types))
        .hasMessageStartingWith("#/operations/op/bindings/kafka/groupId: the consumer group is one of 2 values");
  }
}
