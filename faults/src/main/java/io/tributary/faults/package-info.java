/**
 * The fault suite: a real workload through the connectors' runners (Kafka, RabbitMQ, NATS) under faults, and what
 * each fault cost. {@link io.tributary.faults.FaultsMain} is the {@code ./tributary faults} command; each
 * {@link io.tributary.faults.Scenario} injects one fault; {@link io.tributary.faults.Verifier} reads the file sink
 * and counts messages, lost, duplicated, order violations and the time to recover.
 */
package io.tributary.faults;
