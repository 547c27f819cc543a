/**
 * A real Apache Kafka broker (KRaft, one node acting as broker and controller) started as a child JVM on
 * 127.0.0.1, for development, demos and tests: see {@link io.tributary.embedded.kafka.EmbeddedKafkaBroker}.
 */
package io.tributary.embedded.kafka;
