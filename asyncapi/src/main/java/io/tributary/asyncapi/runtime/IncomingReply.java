package io.tributary.asyncapi.runtime;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A message that arrived in a {@link ReplyInbox}, before it is matched with its request and decoded.
 *
 * @param correlationId the request it answers, when the message says (its reply address, the header {@link
 *     Publication#CORRELATION_HEADER}, or the AMQP {@code correlation_id} property)
 * @param body the payload's bytes
 * @param headers its headers as text
 */
public record IncomingReply(Optional<String> correlationId, byte[] body, Map<String, String> headers) {

  /** Checks and copies. */
  public IncomingReply {
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }
}
