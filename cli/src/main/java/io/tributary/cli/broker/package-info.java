/**
 * The broker-specific parts of {@code tributary produce} and {@code tributary consume}: {@link
 * io.tributary.cli.broker.Broker} picks Kafka, RabbitMQ or NATS JetStream from the command
 * line, and one small strategy per broker and command — {@link
 * io.tributary.cli.broker.ConsumeTarget} (which runner, the output columns) and {@link
 * io.tributary.cli.broker.ProduceTarget} (set up the destination, write and confirm) — holds
 * what differs. The commands themselves ({@code io.tributary.cli.commands}) hold everything else.
 */
package io.tributary.cli.broker;
