package io.tributary.asyncapi.codegen.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.model.ChannelModel;
import io.tributary.asyncapi.codegen.model.MessageModel;
import io.tributary.asyncapi.codegen.model.OperationModel;
import io.tributary.asyncapi.codegen.model.ParameterModel;
import io.tributary.asyncapi.codegen.model.ReplyModel;
import io.tributary.asyncapi.codegen.model.ServerModel;
import io.tributary.asyncapi.codegen.types.JavaNames;
import io.tributary.asyncapi.codegen.types.PayloadType;
import io.tributary.asyncapi.codegen.types.SourceFile;
import io.tributary.streams.deadletter.DeadLetterHeaders;
import io.tributary.streams.describe.Action;
import io.tributary.streams.describe.DeadLetterMessages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Generates the Java code of a document's operations: per {@code receive} operation a handler
 * interface {@code <Op>Handler} and a factory {@code <Op>} whose {@code start} methods run the Kafka,
 * AMQP or NATS runner with the payload validated at ingress (an invalid payload is dead-lettered, never
 * handled); per {@code send} operation a publisher {@code <Op>Publisher}; per channel that a receive
 * operation uses and no send operation does, a publisher {@code <Channel>Publisher} for the peer's side
 * (a test, a simulator, another service built from the same document). Operations on hub topics (protocol
 * {@code pekko}: Tributary's in-process event hub, in its own documents) get their payload types only. A
 * {@code send} operation that
 * is the dead-letter channel of a receive operation (as Tributary's own documents write them) is no
 * publisher: it sets where that runner dead-letters.
 *
 * <p>What the generated code cannot do is refused with a {@link GenerationException} naming the JSON
 * pointer and what is not supported: an operation without a server of protocol kafka, amqp or nats, a
 * dynamic address, messages of different payload types in one operation, a reply the runtime cannot
 * handle (a Kafka requester, an address taken from the payload, a reply channel with parameters). A
 * {@code send} operation with a {@code reply} on AMQP or NATS is a requester: its publisher also has
 * {@code request} methods that complete with the validated reply.
 */
public final class OperationSources {

  /** Java names the generated methods use for their own parameters; address parameters avoid them. */
  private static final Set<String> TAKEN = Set.of("system", "servers", "handler", "processing", "customize",
      "settings", "payload", "publication", "publisher", "timeout", "requests", "requester");

  private OperationSources() {}

  /**
   * @param model the document
   * @param packageName the package of the generated code (the payload types are in it or imported by name)
   * @param types the payload type of each message
   * @return the generated sources, in operation order
   * @throws GenerationException when an operation uses what the generated code cannot do
   */
  public static List<SourceFile> generate(ApiModel model, String packageName,
      Function<MessageModel, PayloadType> types) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(types, "types");
    if (!packageName.isEmpty() && !JavaNames.isPackageName(packageName)) {
      throw new IllegalArgumentException("not a Java package name: '" + packageName + "'");
    }
    DeadLetters deadLetters = deadLetterChannels(model);
    Set<String> payloadNames = new HashSet<>();
    for (OperationModel op : model.operations()) {
      for (MessageModel m : op.messages()) {
        payloadNames.add(simpleName(types.apply(m).javaType()));
      }
    }
    Map<String, String> classes = new HashMap<>();
    List<SourceFile> files = new ArrayList<>();
    for (OperationModel op : model.operations()) {
      if (deadLetters.sends().contains(op)) {
        continue; // the dead-letter channel of a receive operation: configured on its runner
      }
      if (ServerSelection.hubOnly(model, op)) {
        continue; // a hub topic lives inside one actor system: the application wires it, not generated code
      }
      Plan plan = plan(model, op, types, payloadNames, deadLetters);
      for (String name : op.action() == Action.RECEIVE
          ? List.of(plan.className(), plan.className() + "Handler") : List.of(plan.className())) {
        String other = classes.putIfAbsent(name, op.pointer());
        if (other != null) {
          throw new GenerationException(op.pointer(), "its generated class " + name + " is also the class of "
              + other + "; rename one of the operations");
        }
      }
      if (op.action() == Action.RECEIVE) {
        files.add(new SourceFile(packageName, plan.className() + "Handler", ReceiveWriter.handler(packageName, plan)));
        files.add(new SourceFile(packageName, plan.className(), ReceiveWriter.factory(packageName, plan)));
      } else {
        files.add(new SourceFile(packageName, plan.className(), SendWriter.publisher(packageName, plan)));
      }
    }
    for (OperationModel peer : peerSends(model, deadLetters)) {
      Plan plan = plan(model, peer, types, payloadNames, deadLetters);
      String name = classes.containsKey(plan.className()) ? JavaNames.typeName(peer.id()) + "ChannelPublisher"
          : plan.className();
      if (classes.putIfAbsent(name, peer.pointer()) != null) {
        continue; // both names taken by operations: the document's own classes win, no peer publisher
      }
      Plan named = new Plan(plan.op(), plan.server(), name, plan.address(), plan.params(), plan.payload(),
          plan.messageName(), plan.reply(), plan.deadLetterAddress());
      files.add(new SourceFile(packageName, name, SendWriter.publisher(packageName, named)));
    }
    return files;
  }

  /**
   * The other side of the receive operations whose channel no send operation of the document uses: a send
   * operation per such channel (named after the channel), so that a peer, or a test, can publish what the
   * service receives with the same types and validation of the address parameters.
   */
  private static List<OperationModel> peerSends(ApiModel model, DeadLetters deadLetters) {
    Set<ChannelModel> sent = Collections.newSetFromMap(new IdentityHashMap<>());
    for (OperationModel op : model.operations()) {
      if (op.action() == Action.SEND) {
        sent.add(op.channel());
      }
    }
    List<OperationModel> peers = new ArrayList<>();
    for (OperationModel op : model.operations()) {
      if (op.action() == Action.RECEIVE && !deadLetters.sends().contains(op) && !ServerSelection.hubOnly(model, op)
          && sent.add(op.channel())) {
        ChannelModel channel = op.channel();
        peers.add(new OperationModel(channel.id(), channel.pointer(), Action.SEND, channel, op.messages(),
            Optional.empty(), op.bindings(), Optional.empty(),
            Optional.of("Publishes to the channel that " + op.id() + " receives from (the peer's side, e.g. for a "
                + "test or a simulator)."), Optional.empty()));
      }
    }
    return peers;
  }

  private static Plan plan(ApiModel model, OperationModel op, Function<MessageModel, PayloadType> types,
      Set<String> payloadNames, DeadLetters deadLetters) {
    ServerModel server = ServerSelection.of(model, op);
    ChannelModel channel = op.channel();
    String address = channel.address().orElseThrow(() -> new GenerationException(channel.pointer() + "/address",
        "the address is dynamic (null): the generated code needs the address to " + op.action().value()
            + " on; give the channel an address"));
    MessageModel message = singlePayload(op.pointer() + "/messages", op.messages(), types, channel.pointer());
    PayloadType payload = types.apply(message);
    String base = JavaNames.typeName(op.id());
    String className = op.action() == Action.RECEIVE ? base : base + "Publisher";
    if (payloadNames.contains(className)) {
      className = className + "Operation";
    }
    List<Plan.Param> params = params(channel);
    Optional<Plan.Reply> reply = reply(op, server, types);
    checkPayload(op, message, payload);
    return new Plan(op, server, className, address, params, payload, message.name(), reply,
        Optional.ofNullable(deadLetters.addressByReceive().get(op)));
  }

  /** @return the message of an operation whose messages all have one payload type */
  private static MessageModel singlePayload(String at, List<MessageModel> messages,
      Function<MessageModel, PayloadType> types, String channelPointer) {
    if (messages.isEmpty()) {
      throw new GenerationException(at, "no message: the channel " + channelPointer + " and the operation name none, "
          + "so there is no payload type to generate for");
    }
    Map<String, String> byType = new LinkedHashMap<>();
    for (MessageModel m : messages) {
      byType.putIfAbsent(types.apply(m).javaType(), m.pointer());
    }
    if (byType.size() > 1) {
      List<String> found = new ArrayList<>();
      byType.forEach((type, pointer) -> found.add(type + " (" + pointer + ")"));
      throw new GenerationException(at, "messages of different payload types in one operation are not supported: "
          + String.join(", ", found) + "; split the operation, one per payload type");
    }
    return messages.get(0);
  }

  private static void checkPayload(OperationModel op, MessageModel message, PayloadType payload) {
    String at = message.pointer() + "/payload";
    switch (payload.encoding()) {
      case TEXT -> {
        if (!payload.javaType().equals("String") && !payload.javaType().equals("java.lang.String")) {
          throw new GenerationException(at, "a text payload must be a String, the type is " + payload.javaType());
        }
      }
      case BYTES -> {
        if (!payload.javaType().equals("byte[]")) {
          throw new GenerationException(at, "a bytes payload must be a byte[], the type is " + payload.javaType());
        }
      }
      case JSON -> {
        if (op.action() == Action.RECEIVE && payload.className().isEmpty()) {
          throw new GenerationException(at, "receiving the generic payload type " + payload.javaType()
              + " is not supported (the validating decoder maps to a class); give the payload a named schema");
        }
      }
      default -> throw new IllegalStateException(payload.encoding().toString());
    }
  }

  private static List<Plan.Param> params(ChannelModel channel) {
    List<Plan.Param> params = new ArrayList<>();
    Set<String> javaNames = new HashSet<>();
    for (ParameterModel p : channel.parameters()) {
      String javaName = JavaNames.memberName(p.name());
      if (TAKEN.contains(javaName)) {
        javaName = javaName + "Value";
      }
      if (!javaNames.add(javaName)) {
        throw new GenerationException(channel.pointer() + "/parameters/" + p.name(), "the parameter's Java name "
            + javaName + " is the name of another parameter of the address too; rename one");
      }
      params.add(new Plan.Param(p.name(), javaName, p.enumValues(), p.description()));
    }
    return params;
  }

  private static Optional<Plan.Reply> reply(OperationModel op, ServerModel server,
      Function<MessageModel, PayloadType> types) {
    if (op.reply().isEmpty()) {
      return Optional.empty();
    }
    ReplyModel reply = op.reply().get();
    if (op.action() == Action.SEND && server.protocol().equals("kafka")) {
      throw new GenerationException(reply.pointer(), "a Kafka send operation with a reply (the requester's side "
          + "of request/reply) is not supported: each requester would need its own consumer of the reply topic; "
          + "use AMQP or NATS, or describe the replies as a receive operation (the replier's side is supported)");
    }
    Optional<String> fixed = reply.channel().flatMap(ChannelModel::address);
    String channelPointer = reply.channel().map(ChannelModel::pointer).orElse(reply.pointer());
    if (fixed.isPresent() && !reply.channel().get().parameters().isEmpty()) {
      throw new GenerationException(channelPointer + "/parameters", "a reply channel with address parameters is "
          + "not supported: where would their values come from? Use a fixed address or address.location");
    }
    Optional<String> header = Optional.empty();
    if (fixed.isEmpty()) {
      String location = reply.addressLocation().orElseThrow(() -> new GenerationException(reply.pointer(),
          "the reply has neither a channel with an address nor address.location: the reply address is unknown"));
      String prefix = "$message.header#/";
      if (!location.startsWith(prefix) || location.length() == prefix.length()
          || location.substring(prefix.length()).contains("/")) {
        throw new GenerationException(reply.pointer() + "/address/location", "the reply address location '"
            + location + "' is not supported; only a top-level request header is ($message.header#/<name>)");
      }
      header = Optional.of(location.substring(prefix.length()).replace("~1", "/").replace("~0", "~"));
    }
    MessageModel message = singlePayload(reply.pointer() + "/messages", reply.messages(), types, channelPointer);
    PayloadType payload = types.apply(message);
    if (op.action() == Action.SEND && payload.encoding() == PayloadType.Encoding.JSON
        && payload.className().isEmpty()) {
      throw new GenerationException(message.pointer() + "/payload", "receiving the generic reply type "
          + payload.javaType() + " is not supported (the validating decoder maps to a class); give the reply's "
          + "payload a named schema");
    }
    return Optional.of(new Plan.Reply(payload, message.name(), fixed, header, channelPointer));
  }

  /**
   * The dead-letter channels Tributary's documents write: a send operation whose channel carries a message
   * named {@link DeadLetterMessages#NAME} with the header {@link DeadLetterHeaders#ERROR_CLASS}, at the
   * address of a receive operation on the same protocol plus a suffix (NATS: the stream's name plus a suffix).
   *
   * @param sends those send operations (no publisher is generated for them)
   * @param addressByReceive the dead-letter address of each receive operation that has one
   */
  private record DeadLetters(Set<OperationModel> sends, Map<OperationModel, String> addressByReceive) {}

  private static DeadLetters deadLetterChannels(ApiModel model) {
    DeadLetters result = new DeadLetters(Collections.newSetFromMap(new IdentityHashMap<>()), new IdentityHashMap<>());
    for (OperationModel send : model.operations()) {
      if (send.action() != Action.SEND || !isDeadLetter(send) || send.channel().address().isEmpty()) {
        continue;
      }
      String dlq = send.channel().address().get();
      for (OperationModel receive : model.operations()) {
        if (receive.action() != Action.RECEIVE || receive.channel().address().isEmpty()
            || result.addressByReceive().containsKey(receive) || !sameProtocol(model, send, receive)) {
          continue;
        }
        String address = receive.channel().address().get();
        String stream = Bindings.natsStream(receive.channel()).orElse(null);
        boolean below = dlq.startsWith(address) && dlq.length() > address.length();
        boolean natsStream = stream != null && dlq.startsWith(stream + ".");
        if (below || natsStream) {
          result.sends().add(send);
          result.addressByReceive().put(receive, dlq);
          break;
        }
      }
    }
    return result;
  }

  private static boolean sameProtocol(ApiModel model, OperationModel a, OperationModel b) {
    try {
      return ServerSelection.of(model, a).protocol().equals(ServerSelection.of(model, b).protocol());
    } catch (GenerationException e) {
      return false;
    }
  }

  private static boolean isDeadLetter(OperationModel op) {
    List<MessageModel> messages = op.messages().isEmpty() ? op.channel().messages() : op.messages();
    for (MessageModel m : messages) {
      if (!DeadLetterMessages.NAME.equals(m.name()) || m.headers().isEmpty()) {
        continue;
      }
      JsonNode properties = m.headers().get().schema().path("properties");
      if (properties.has(DeadLetterHeaders.ERROR_CLASS)) {
        return true;
      }
    }
    return false;
  }

  private static String simpleName(String javaType) {
    String raw = javaType.contains("<") ? javaType.substring(0, javaType.indexOf('<')) : javaType;
    return raw.substring(raw.lastIndexOf('.') + 1);
  }
}
