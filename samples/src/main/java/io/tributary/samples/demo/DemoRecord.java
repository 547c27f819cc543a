package io.tributary.samples.demo;

/**
 * The JSON value of a demo record, as {@code produce} writes it.
 *
 * @param id the record's id
 * @param key its key
 * @param seq its sequence within the key
 */
public record DemoRecord(long id, String key, long seq) {}
