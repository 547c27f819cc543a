/**
 * JUnit 5 support for tests that need a real Kafka broker: {@link io.tributary.connectors.kafka.testkit.EmbeddedKafkaExtension}
 * shares one {@link io.tributary.connectors.kafka.embedded.EmbeddedKafkaBroker} per test class. Tests bring
 * {@code junit-jupiter-api} themselves; this module only compiles against it.
 */
package io.tributary.connectors.kafka.testkit;
