package io.tributary.asyncapi.codegen.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.groups.Tuple.tuple;

import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.MessageModel;
import io.tributary.asyncapi.codegen.model.OperationModel;
import io.tributary.asyncapi.codegen.model.ParameterModel;
import io.tributary.asyncapi.codegen.model.ReplyModel;
import io.tributary.asyncapi.codegen.model.SchemaModel;
import io.tributary.asyncapi.codegen.model.ServerModel;
import io.tributary.streams.describe.Action;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DocumentReaderTest {

  // --- documents read ---------------------------------------------------------------------------------------

  @Test
  void streetlights_example_of_the_spec_reads_with_traits_merged_and_component_names() {
    ApiModel api = DocumentReader.read(resource("streetlights-kafka-asyncapi.yml"));

    assertThat(api.asyncapi()).isEqualTo("3.1.0");
    assertThat(api.title()).isEqualTo("Streetlights Kafka API");
    assertThat(api.version()).isEqualTo("1.0.0");
    assertThat(api.description()).hasValueSatisfying(d -> d.startsWith("The Smartylighting Streetlights API"));
    assertThat(api.servers()).extracting(ServerModel::id, ServerModel::protocol, ServerModel::secure,
            ServerModel::host)
        .containsExactly(
            tuple("scram-connections", "kafka", true, "test.mykafkacluster.org:18092"),
            tuple("mtls-connections", "kafka", true, "test.mykafkacluster.org:28092"));

    assertThat(api.channels()).extracting(ChannelModel::id)
        .containsExactly("lightingMeasured", "lightTurnOn", "lightTurnOff", "lightsDim");
    assertThat(api.channels()).extracting(c -> c.address().orElseThrow()).containsExactly(
        "smartylighting.streetlights.1.0.event.{streetlightId}.lighting.measured",
        "smartylighting.streetlights.1.0.action.{streetlightId}.turn.on",
        "smartylighting.streetlights.1.0.action.{streetlightId}.turn.off",
        "smartylighting.streetlights.1.0.action.{streetlightId}.dim");
    for (ChannelModel channel : api.channels()) {
      assertThat(channel.parameters()).extracting(ParameterModel::name).containsExactly("streetlightId");
      assertThat(channel.parameters().get(0).description()).contains("The ID of the streetlight.");
      assertThat(channel.serverIds()).isEmpty();
    }

    assertThat(api.operations()).extracting(OperationModel::id, OperationModel::action).containsExactly(
        tuple("receiveLightMeasurement", Action.RECEIVE),
        tuple("turnOn", Action.SEND),
        tuple("turnOff", Action.SEND),
        tuple("dimLight", Action.SEND));
    OperationModel receive = api.operations().get(0);
    assertThat(receive.channel()).isSameAs(api.channels().get(0));
    assertThat(receive.summary()).hasValueSatisfying(s -> s.startsWith("Inform about environmental"));
    // the operation trait: bindings.kafka.clientId
    for (OperationModel operation : api.operations()) {
      assertThat(operation.bindings()).containsOnlyKeys("kafka");
      assertThat(operation.bindings().get("kafka").at("/clientId/enum/0").asText()).isEqualTo("my-app-id");
      assertThat(operation.messages()).hasSize(1);
      assertThat(operation.messages().get(0)).isSameAs(operation.channel().messages().get(0));
      assertThat(operation.reply()).isEmpty();
    }

    MessageModel measured = receive.messages().get(0);
    assertThat(measured.id()).isEqualTo("lightMeasured");
    assertThat(measured.pointer()).isEqualTo("#/components/messages/lightMeasured");
    assertThat(measured.componentName()).contains("lightMeasured");
    assertThat(measured.title()).contains("Light measured");
    assertThat(measured.payload().orElseThrow().componentName()).contains("lightMeasuredPayload");
    assertThat(measured.payload().orElseThrow().pointer()).isEqualTo("#/components/schemas/lightMeasuredPayload");
    assertThat(measured.payload().orElseThrow().schema().at("/properties/lumens/type").asText())
        .isEqualTo("integer");
    // the message trait: headers with my-app-header
    SchemaModel headers = measured.headers().orElseThrow();
    assertThat(headers.schema().at("/properties/my-app-header/maximum").asInt()).isEqualTo(100);
    assertThat(headers.pointer()).isEqualTo("#/components/messageTraits/commonHeaders/headers");
    assertThat(headers.componentName()).isEmpty();

    MessageModel turnOn = api.operations().get(1).messages().get(0);
    assertThat(turnOn.id()).isEqualTo("turnOn");
    assertThat(turnOn.name()).isEqualTo("turnOnOff");
    assertThat(turnOn.componentName()).contains("turnOnOff");
    assertThat(turnOn.contentType()).isEqualTo("application/json"); // from defaultContentType
    assertThat(turnOn.headers()).isPresent();
    assertThat(turnOn.payload().orElseThrow().componentName()).contains("turnOnOffPayload");
    assertThat(api.operations().get(3).messages().get(0).payload().orElseThrow().componentName())
        .contains("dimLightPayload");
    assertThat(api.defaultContentType()).isEqualTo("application/json");
  }

  @Test
  void request_reply_with_a_dynamic_reply_address_reads_its_reply() {
    ApiModel api = DocumentReader.read(resource("reader-request-reply.yaml"));

    assertThat(api.asyncapi()).isEqualTo("3.0.0");
    assertThat(api.servers().get(0).protocol()).isEqualTo("nats");
    assertThat(api.servers().get(0).secure()).isFalse();
    ChannelModel lookup = api.channels().get(0);
    assertThat(lookup.serverIds()).containsExactly("local");
    assertThat(lookup.description()).contains("Lookup requests.");
    // in order of the address, not of the definitions
    assertThat(lookup.parameters()).containsExactly(
        new ParameterModel("tenant", Optional.of("The tenant asking."), List.of(), Optional.empty(),
            Optional.of("$message.payload#/tenant")),
        new ParameterModel("region", Optional.empty(), List.of("eu", "us"), Optional.of("eu"), Optional.empty()));
    ChannelModel replies = api.channels().get(1);
    assertThat(replies.address()).isEmpty();

    OperationModel lookUp = api.operations().get(0);
    assertThat(lookUp.action()).isEqualTo(Action.RECEIVE);
    assertThat(lookUp.messages()).extracting(MessageModel::id).containsExactly("lookup");
    ReplyModel reply = lookUp.reply().orElseThrow();
    assertThat(reply.pointer()).isEqualTo("#/components/replies/lookupReply");
    assertThat(reply.addressLocation()).contains("$message.header#/replyTo");
    assertThat(reply.channel()).containsSame(replies);
    assertThat(reply.messages()).containsExactly(replies.messages().get(0));

    MessageModel request = lookUp.messages().get(0);
    assertThat(request.name()).isEqualTo("lookup");
    assertThat(request.contentType()).isEqualTo("application/vnd.directory+json");
    // the message's own headers merged over the trait's
    assertThat(request.headers().orElseThrow().schema().get("properties").fieldNames())
        .toIterable().containsExactly("traceId", "replyTo");
    // a multi-format schema: the wrapper removed, the reference inside followed
    SchemaModel payload = request.payload().orElseThrow();
    assertThat(payload.pointer()).isEqualTo("#/components/schemas/Lookup");
    assertThat(payload.componentName()).contains("Lookup");
    assertThat(payload.schema().has("schemaFormat")).isFalse();

    MessageModel found = reply.messages().get(0);
    assertThat(found.id()).isEqualTo("found");
    assertThat(found.name()).isEqualTo("UserFound");
    assertThat(found.componentName()).contains("userFound");
    assertThat(found.payload().orElseThrow().pointer()).isEqualTo("#/components/messages/userFound/payload/schema");
    assertThat(found.payload().orElseThrow().componentName()).isEmpty();
    assertThat(replies.messages().get(1).name()).isEqualTo("missing");
    assertThat(replies.messages().get(1).componentName()).isEmpty();

    // no messages listed: all of the channel's
    assertThat(api.operations().get(1).messages()).isEqualTo(lookup.messages());
  }

  @Test
  void amqp_channel_bindings_for_an_exchange_and_a_queue_are_read_resolved() {
    ApiModel api = DocumentReader.read(resource("reader-amqp.yaml"));

    assertThat(api.servers()).containsExactly(
        new ServerModel("broker", "#/servers/broker", "amqp", true, "rabbit.example.com:5671",
            Optional.of("/orders"), Optional.empty()),
        new ServerModel("local", "#/servers/local", "amqp", false, "127.0.0.1:5672", Optional.empty(),
            Optional.empty()));
    ChannelModel placed = api.channels().get(0);
    assertThat(placed.serverIds()).containsExactly("local", "broker");
    assertThat(placed.bindings()).containsOnlyKeys("amqp");
    assertThat(placed.bindings().get("amqp").get("is").asText()).isEqualTo("routingKey");
    assertThat(placed.bindings().get("amqp").at("/exchange/name").asText()).isEqualTo("orders");
    assertThat(placed.bindings().get("amqp").at("/exchange/type").asText()).isEqualTo("topic");
    ChannelModel work = api.channels().get(1);
    assertThat(work.bindings().get("amqp").get("is").asText()).isEqualTo("queue");
    assertThat(work.bindings().get("amqp").at("/queue/name").asText()).isEqualTo("packing-work");
    MessageModel pack = work.messages().get(0);
    assertThat(pack.bindings().get("amqp").get("messageType").asText()).isEqualTo("order.pack");
    assertThat(pack.payload().orElseThrow().pointer())
        .isEqualTo("#/channels/packingWork/messages/packOrder/payload");
    assertThat(pack.contentType()).isEqualTo("application/json"); // no defaultContentType in the document

    assertThat(api.operations().get(0).bindings().get("amqp").get("deliveryMode").asInt()).isEqualTo(2);
    assertThat(api.operations().get(0).messages().get(0).payload().orElseThrow().componentName())
        .contains("OrderPlaced");
    assertThat(api.operations().get(1).bindings().get("amqp").get("ack").asBoolean()).isTrue();
  }

  @Test
  void channels_referencing_components_channels_read_from_json() throws URISyntaxException {
    ApiModel api = DocumentReader.read(resourcePath("reader-components-channels.json"));

    assertThat(api.servers()).extracting(ServerModel::id, ServerModel::pointer, ServerModel::description)
        .containsExactly(tuple("plant", "#/components/servers/kafkaPlant",
            Optional.of("The plant's cluster.")));
    ChannelModel temperatures = api.channels().get(0);
    assertThat(temperatures.id()).isEqualTo("temperatures");
    assertThat(temperatures.pointer()).isEqualTo("#/components/channels/temperatureReadings");
    assertThat(temperatures.address()).contains("plant.{sensorId}.temperature");
    assertThat(temperatures.parameters()).extracting(ParameterModel::description)
        .containsExactly(Optional.of("The sensor."));

    OperationModel read = api.operations().get(0);
    assertThat(read.channel()).isSameAs(temperatures);
    assertThat(read.messages()).containsExactly(temperatures.messages().get(0));
    assertThat(read.description()).contains("Reads as the plant's consumer group.");
    // own bindings win over the trait's, the trait's other fields stay
    assertThat(read.bindings().get("kafka").at("/clientId/enum/0").asText()).isEqualTo("hub");
    assertThat(read.bindings().get("kafka").at("/groupId/enum/0").asText()).isEqualTo("plant-hub");
    assertThat(read.messages().get(0).bindings().get("kafka").at("/key/type").asText()).isEqualTo("string");

    OperationModel raise = api.operations().get(1);
    assertThat(raise.id()).isEqualTo("raiseAlert");
    assertThat(raise.pointer()).isEqualTo("#/components/operations/raiseAlert");
    assertThat(raise.action()).isEqualTo(Action.SEND);
    assertThat(raise.channel()).isSameAs(api.channels().get(1));
    assertThat(raise.messages()).extracting(MessageModel::id).containsExactly("alert");
  }

  @Test
  void protocols_are_lower_case_with_secure_variants_mapped_and_unknown_ones_kept() {
    ApiModel api = DocumentReader.read(document("""
        servers:
          a: {host: 'k:9093', protocol: kafka-secure}
          b: {host: 'n:4222', protocol: NATS}
          c: {host: 'm:1883', protocol: mqtt}
          d: {host: 'q:1414', protocol: IBMMQ}
          e: {host: 'w:443', protocol: wss}
        """));
    assertThat(api.servers()).extracting(ServerModel::protocol, ServerModel::secure).containsExactly(
        tuple("kafka", true), tuple("nats", false), tuple("mqtt", false), tuple("ibmmq", false),
        tuple("wss", true));
    assertThat(api.channels()).isEmpty();
    assertThat(api.operations()).isEmpty();
  }

  // --- refusals ---------------------------------------------------------------------------------------------

  @Test
  void asyncapi_2_is_refused_with_the_converter_named() {
    GenerationException e = refusal("""
        asyncapi: 2.6.0
        info: {title: Old, version: 1.0.0}
        channels:
          a:
            publish:
              message: {payload: {type: string}}
        """);
    assertThat(e.pointer()).isEqualTo("#/asyncapi");
    assertThat(e.problem()).contains("AsyncAPI 2", "2.6.0", "not supported", "convert", "3.0");
  }

  @Test
  void other_versions_and_documents_without_asyncapi_are_refused() {
    assertThat(refusal("asyncapi: 3.2.0\ninfo: {title: T, version: '1'}\n").problem())
        .contains("'3.2.0' is not supported", "3.0.x and 3.1.x");
    GenerationException missing = refusal("openapi: 3.1.0\ninfo: {title: T, version: '1'}\n");
    assertThat(missing.pointer()).isEqualTo("#/asyncapi");
    assertThat(missing.problem()).contains("'asyncapi' field is missing");
    GenerationException list = refusal("- a\n- b\n");
    assertThat(list.pointer()).isEqualTo("#");
    assertThat(list.problem()).contains("must be an object", "a list");
    GenerationException noTitle = refusal("asyncapi: 3.0.0\ninfo: {version: '1'}\n");
    assertThat(noTitle.pointer()).isEqualTo("#/info/title");
    assertThat(noTitle.problem()).contains("required");
  }

  @Test
  void an_external_reference_is_refused_at_the_ref() {
    GenerationException e = refusal(document("""
        channels:
          a:
            address: a
            messages:
              m:
                payload:
                  $ref: 'common.yaml#/components/schemas/Thing'
        """));
    assertThat(e.pointer()).isEqualTo("#/channels/a/messages/m/payload/$ref");
    assertThat(e.problem()).contains("external references are not supported", "common.yaml");
  }

  @Test
  void an_avro_payload_is_refused_at_its_schema_format() {
    GenerationException e = refusal(document("""
        channels:
          a:
            address: a
            messages:
              m:
                $ref: '#/components/messages/userSignedUp'
        components:
          messages:
            userSignedUp:
              payload:
                schemaFormat: application/vnd.apache.avro+json;version=1.9.0
                schema:
                  type: record
                  name: User
                  fields:
                    - {name: name, type: string}
        """));
    assertThat(e.pointer()).isEqualTo("#/components/messages/userSignedUp/payload/schemaFormat");
    assertThat(e.problem()).contains("Avro", "application/vnd.apache.avro+json;version=1.9.0", "not supported",
        "draft-07");
  }

  @Test
  void a_cycle_of_references_is_refused() {
    GenerationException e = refusal(document("""
        channels:
          a:
            address: a
            messages:
              m:
                $ref: '#/components/messages/first'
        components:
          messages:
            first:
              $ref: '#/components/messages/second'
            second:
              $ref: '#/components/messages/first'
        """));
    assertThat(e.pointer()).isEqualTo("#/components/messages/second/$ref");
    assertThat(e.problem()).contains("cycle", "#/components/messages/first");
  }

  @Test
  void a_dangling_reference_is_refused() {
    GenerationException e = refusal(document("""
        channels:
          a:
            address: a
            messages:
              m:
                payload:
                  $ref: '#/components/schemas/Missing'
        """));
    assertThat(e.pointer()).isEqualTo("#/channels/a/messages/m/payload/$ref");
    assertThat(e.problem()).contains("'#/components/schemas/Missing' does not exist");
  }

  @Test
  void an_operation_message_not_of_its_channel_is_refused() {
    GenerationException e = refusal(document("""
        channels:
          a:
            address: a
            messages:
              m: {payload: {type: string}}
          b:
            address: b
            messages:
              n: {payload: {type: string}}
        operations:
          sendA:
            action: send
            channel: {$ref: '#/channels/a'}
            messages:
              - $ref: '#/channels/a/messages/m'
              - $ref: '#/channels/b/messages/n'
        """));
    assertThat(e.pointer()).isEqualTo("#/operations/sendA/messages/1");
    assertThat(e.problem()).contains("'#/channels/b/messages/n' is not a message of channel 'a'");

    GenerationException component = refusal(document("""
        channels:
          a:
            address: a
            messages:
              m: {$ref: '#/components/messages/m'}
        operations:
          sendA:
            action: send
            channel: {$ref: '#/channels/a'}
            messages:
              - $ref: '#/components/messages/m'
        components:
          messages:
            m: {payload: {type: string}}
        """));
    assertThat(component.pointer()).isEqualTo("#/operations/sendA/messages/0");
    assertThat(component.problem()).contains("is not a message of channel 'a'");
  }

  @Test
  void an_operation_channel_must_be_a_reference_under_channels() {
    GenerationException inline = refusal(document("""
        operations:
          sendA:
            action: send
            channel: {address: a}
        """));
    assertThat(inline.pointer()).isEqualTo("#/operations/sendA/channel");
    assertThat(inline.problem()).contains("must be a reference");
    GenerationException elsewhere = refusal(document("""
        operations:
          sendA:
            action: send
            channel: {$ref: '#/components/channels/a'}
        components:
          channels:
            a: {address: a}
        """));
    assertThat(elsewhere.pointer()).isEqualTo("#/operations/sendA/channel/$ref");
    assertThat(elsewhere.problem()).contains("must reference a channel under #/channels");
  }

  @Test
  void the_asyncapi_2_action_publish_is_refused() {
    GenerationException e = refusal(document("""
        channels:
          a: {address: a}
        operations:
          sendA:
            action: publish
            channel: {$ref: '#/channels/a'}
        """));
    assertThat(e.pointer()).isEqualTo("#/operations/sendA/action");
    assertThat(e.problem()).contains("'publish'", "AsyncAPI 2", "'send' or 'receive'");
  }

  @Test
  void an_address_parameter_without_definition_and_a_parameter_not_in_the_address_are_refused() {
    GenerationException e = refusal(document("""
        channels:
          a:
            address: 'users.{userId}.events.{kind}'
            parameters:
              userId: {description: The user.}
        """));
    assertThat(e.pointer()).isEqualTo("#/channels/a/address");
    assertThat(e.problem()).contains("{kind}", "no parameter 'kind'");
    GenerationException unused = refusal(document("""
        channels:
          a:
            address: 'users.all'
            parameters:
              userId: {description: The user.}
        """));
    assertThat(unused.pointer()).isEqualTo("#/channels/a/parameters/userId");
    assertThat(unused.problem()).contains("'userId' does not appear in the channel's address");
  }

  @Test
  void a_yaml_syntax_error_names_its_line() {
    GenerationException e = refusal("""
        asyncapi: 3.0.0
        info:
          title: Broken
          version: [1.0.0
        channels: {}
        """);
    assertThat(e.pointer()).isEqualTo("#");
    assertThat(e.problem()).contains("not valid YAML").containsPattern("line \\d+");
  }

  @Test
  void a_json_syntax_error_and_duplicate_keys_name_their_line() {
    GenerationException json = refusal("{\"asyncapi\": \"3.0.0\",\n \"info\": {\"title\": \"T\",}\n}");
    assertThat(json.pointer()).isEqualTo("#");
    assertThat(json.problem()).contains("not valid JSON at line 2");
    GenerationException duplicate = refusal(document("""
        channels:
          a: {address: a}
          a: {address: b}
        """));
    assertThat(duplicate.problem()).contains("not valid YAML at line", "Duplicate");
  }

  // --- helpers ----------------------------------------------------------------------------------------------

  private static String document(String rest) {
    return "asyncapi: 3.0.0\ninfo:\n  title: Test\n  version: 1.0.0\n" + rest;
  }

  private static GenerationException refusal(String text) {
    GenerationException e = catchThrowableOfType(GenerationException.class, () -> DocumentReader.read(text));
    assertThat(e).as("a GenerationException").isNotNull();
    assertThat(e.getMessage()).isEqualTo(e.pointer() + ": " + e.problem());
    return e;
  }

  private static String resource(String name) {
    try {
      return Files.readString(resourcePath(name));
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path resourcePath(String name) throws URISyntaxException {
    return Path.of(DocumentReaderTest.class.getResource("/asyncapi/codegen/" + name).toURI());
  }
}
