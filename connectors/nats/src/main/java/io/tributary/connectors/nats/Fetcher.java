package io.tributary.connectors.nats;

import io.nats.client.Message;
import java.util.List;

/**
 * Takes messages from the server for a {@link NatsSourceStage}, on the stage's fetch thread (one
 * call at a time): a JetStream pull request, or what a core subscription has received.
 */
interface Fetcher {

  /**
   * Blocks until between 1 and {@code max} messages are there, or the fetch wait ran out (then the
   * list is empty).
   */
  List<Message> fetch(int max) throws Exception;

  /** Hands a fetched message back unprocessed: a JetStream nak (redelivered at once); nothing for core NATS. */
  void release(Message message);

  /** Lets go of the subscription; the connection stays open. */
  void close();
}
