/**
 * The broker-specific parts of {@code tributary produce} and {@code tributary consume}: {@link
 * io.tributary.samples.broker.Broker} picks Kafka, RabbitMQ or NATS JetStream from the command
 * line, and one small strategy per broker and command — {@link
 * io.tributary.samples.broker.ConsumeTarget} (which runner, the output columns) and {@link
 * io.tributary.samples.broker.ProduceTarget} (set up the destination, write and confirm) — holds
 * what differs. The commands themselves ({@code io.tributary.samples.kafka}) hold everything else.
 */
package io.tributary.samples.broker;
