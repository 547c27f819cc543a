/**
 * The NATS connector: a JetStream durable pull consumer as a backpressured source of {@link
 * io.tributary.streams.envelope.Envelope}s ({@link io.tributary.connectors.nats.NatsSource}), the
 * complete consumer with a graceful stop ({@link io.tributary.connectors.nats.NatsRunner}), a
 * dead-letter subject ({@link io.tributary.connectors.nats.NatsDeadLetterSink}), a JetStream publish
 * sink ({@link io.tributary.connectors.nats.NatsSink}), and a plain core-NATS subscription source
 * (at-most-once). Same Envelope/ack contract as the Kafka connector.
 */
package io.tributary.connectors.nats;
