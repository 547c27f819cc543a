package io.tributary.asyncapi.runtime;

import java.util.function.Consumer;

/**
 * Where the replies of a {@link Requester} arrive: an address per request (a server-named AMQP queue, a
 * NATS inbox) or one fixed address, consumed for as long as the requester runs. {@link AmqpReplyInbox}
 * and {@link NatsReplyInbox} are the implementations.
 */
public interface ReplyInbox extends AutoCloseable {

  /**
   * @param correlationId the request's correlation id
   * @return the address its replier should send the reply to
   */
  String replyAddress(String correlationId);

  /**
   * Starts handing what arrives to {@code replies}, on the inbox's own thread. Called once, before the
   * first request is sent.
   *
   * @param replies takes each reply; must not block
   * @param closed told when the inbox stops taking replies (connection lost), with the reason
   */
  void open(Consumer<IncomingReply> replies, Consumer<Throwable> closed);

  /** @return the inbox's address, for messages and descriptions (a queue name, a subject wildcard) */
  String address();

  /** Stops consuming and closes the inbox's connection. */
  @Override
  void close();
}
