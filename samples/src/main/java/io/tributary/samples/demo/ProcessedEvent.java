package io.tributary.samples.demo;

/**
 * What the demo's handler publishes to the hub for each consumed record: the record's identity
 * (id, key, per-key sequence) and where it came from.
 *
 * @param id the record's id, 0..N-1
 * @param key its key
 * @param seq its sequence within the key, from 0
 * @param partition the Kafka partition it was read from
 * @param offset its offset there
 */
public record ProcessedEvent(long id, String key, long seq, int partition, long offset) {}
