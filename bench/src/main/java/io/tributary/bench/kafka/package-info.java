/**
 * End-to-end suites on the embedded Kafka broker, run by {@link io.tributary.bench.BenchMain}:
 * {@link io.tributary.bench.kafka.KafkaSuite} (consuming throughput against a plain {@code
 * KafkaConsumer}) and {@link io.tributary.bench.kafka.ParallelSuite} (slow handlers, ordered per key
 * against ordered per partition). Each contender pass is a small class; see {@code bench/README.md}.
 */
package io.tributary.bench.kafka;
