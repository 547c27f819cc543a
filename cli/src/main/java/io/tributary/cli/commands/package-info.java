/**
 * Broker commands of the {@code tributary} command line: {@code broker} runs the embedded Kafka broker in the
 * foreground, {@code produce} writes numbered, keyed sample records to a Kafka topic, a RabbitMQ queue or a NATS
 * JetStream stream, and {@code consume} reads them back with a handler per record (their broker-specific parts are
 * in {@code io.tributary.cli.broker}). All talk to a real broker over a real connection; logs go to stderr,
 * stdout carries only each command's result lines.
 */
package io.tributary.cli.commands;
