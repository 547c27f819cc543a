package io.tributary.asyncapi.runtime;

/** How a {@link NatsPublisher} hands a message to NATS, and what completes its send. */
public enum NatsDelivery {

  /**
   * JetStream only: a send completes when a stream stored the message; a subject no stream captures
   * fails the send and the publisher. For channels that are streams (what a {@code send} operation
   * publishes to).
   */
  JETSTREAM,

  /**
   * JetStream where a stream captures the subject (a send completes on the stream's acknowledgement),
   * core NATS elsewhere (publish, then a flush: a send completes once the server has the message, whether
   * or not anyone subscribes). For addresses chosen at run time, like the reply subject a requester names
   * (an {@code _INBOX.*} subject is never looked up: it is core). A failed publish fails its own send only.
   */
  JETSTREAM_OR_CORE
}
