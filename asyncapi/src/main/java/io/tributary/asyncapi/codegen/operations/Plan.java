package io.tributary.asyncapi.codegen.operations;

import io.tributary.asyncapi.codegen.model.OperationModel;
import io.tributary.asyncapi.codegen.model.ServerModel;
import io.tributary.asyncapi.codegen.types.PayloadType;
import java.util.List;
import java.util.Optional;

/**
 * One operation, resolved for writing: its server, names, payload and address parameters.
 *
 * @param op the operation
 * @param server the server it runs against
 * @param className the generated class (the factory of a receive, the publisher of a send)
 * @param address the channel's address, a template when it has parameters
 * @param params the address parameters
 * @param payload the payload type
 * @param messageName the message's name, for schema messages
 * @param reply the reply: what a receive operation answers, or what a send operation awaits
 * @param deadLetterAddress the address of the dead-letter channel the document gives a receive operation
 */
record Plan(OperationModel op, ServerModel server, String className, String address, List<Param> params,
    PayloadType payload, String messageName, Optional<Reply> reply, Optional<String> deadLetterAddress) {

  /** @return the server's protocol: kafka, amqp or nats */
  String protocol() {
    return server.protocol();
  }

  /**
   * An address parameter.
   *
   * @param name its name in the address
   * @param javaName the Java parameter
   * @param allowed its enum values, empty for any
   * @param description its description
   */
  record Param(String name, String javaName, List<String> allowed, Optional<String> description) {}

  /**
   * Where and what a receive operation replies (and a send operation awaits).
   *
   * @param payload the reply's payload type
   * @param messageName the reply message's name, for schema messages
   * @param address the reply channel's fixed address, when it has one
   * @param header the request header that names the reply address, when the address is dynamic
   * @param channelPointer the reply channel, for messages
   */
  record Reply(PayloadType payload, String messageName, Optional<String> address, Optional<String> header,
      String channelPointer) {}
}
