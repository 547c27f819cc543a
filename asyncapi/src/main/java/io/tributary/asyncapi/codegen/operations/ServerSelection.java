package io.tributary.asyncapi.codegen.operations;

import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.model.OperationModel;
import io.tributary.asyncapi.codegen.model.ServerModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The server an operation runs against: the first of its channel's servers with a protocol Tributary connects. */
final class ServerSelection {

  /** The protocols the generated code can connect (a connector each). */
  static final Set<String> SUPPORTED = Set.of("kafka", "amqp", "nats");

  /** Tributary's in-process event hub: no wire protocol, so no runner or publisher to generate. */
  static final String HUB = "pekko";

  private ServerSelection() {}

  /**
   * @return whether every server of the operation's channel is an in-process hub topic (protocol {@code
   *     pekko}, as Tributary's own documents describe them): its payload types are generated, no code to
   *     connect
   */
  static boolean hubOnly(ApiModel model, OperationModel operation) {
    List<String> ids = operation.channel().serverIds();
    boolean any = false;
    for (ServerModel server : model.servers()) {
      if (ids.isEmpty() || ids.contains(server.id())) {
        if (!HUB.equals(server.protocol())) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }

  /**
   * @return the channel's servers (all servers when the channel names none), the first whose protocol is
   *     supported
   * @throws GenerationException at the operation when there is none, naming the protocols found
   */
  static ServerModel of(ApiModel model, OperationModel operation) {
    List<String> ids = operation.channel().serverIds();
    List<ServerModel> candidates = new ArrayList<>();
    for (ServerModel server : model.servers()) {
      if (ids.isEmpty() || ids.contains(server.id())) {
        candidates.add(server);
      }
    }
    for (ServerModel server : candidates) {
      if (SUPPORTED.contains(server.protocol())) {
        return server;
      }
    }
    if (candidates.isEmpty()) {
      throw new GenerationException(operation.pointer(), "the operation's channel " + operation.channel().pointer()
          + " has no server" + (model.servers().isEmpty() ? " (the document defines none)" : "")
          + "; code is generated for servers of protocol kafka, amqp or nats");
    }
    List<String> found = new ArrayList<>();
    candidates.forEach(s -> found.add(s.id() + " (" + s.protocol() + ")"));
    throw new GenerationException(operation.pointer(), "no server of a supported protocol (kafka, amqp, nats) "
        + "for the operation's channel " + operation.channel().pointer() + "; its servers: " + String.join(", ", found));
  }
}
