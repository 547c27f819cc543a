/**
 * Test support for Tributary and its users: JUnit 5 extensions that give a test class real brokers.
 * {@link io.tributary.testkit.EmbeddedKafkaExtension} shares one
 * {@link io.tributary.embedded.kafka.EmbeddedKafkaBroker} per test class. Depend on this module with
 * {@code <scope>test</scope>} only; tests bring {@code junit-jupiter-api} themselves.
 */
package io.tributary.testkit;
