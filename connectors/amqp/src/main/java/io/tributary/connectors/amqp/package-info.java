/**
 * RabbitMQ (AMQP 0-9-1) connector on the official RabbitMQ Java client, with the same Envelope and
 * acknowledgement contract as the Kafka connector.
 *
 * <ul>
 *   <li>{@link io.tributary.connectors.amqp.AmqpSource}: a backpressured source of envelopes from a
 *       queue (manual acks, prefetch-bounded, reconnecting), controlled by {@link
 *       io.tributary.connectors.amqp.AmqpControl}.
 *   <li>{@link io.tributary.connectors.amqp.AmqpRunner}: source, processing runner and
 *       acknowledgement in one, with a graceful stop.
 *   <li>{@link io.tributary.connectors.amqp.AmqpDeadLetterSink}: the dead-letter queue
 *       ({@code <queue>.dlq}) with the error in headers.
 *   <li>{@link io.tributary.connectors.amqp.AmqpSink}: publishing with publisher confirms.
 * </ul>
 */
package io.tributary.connectors.amqp;
