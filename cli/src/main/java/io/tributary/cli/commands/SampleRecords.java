package io.tributary.cli.commands;

/**
 * The sample records written by {@code tributary produce}: record {@code i} (from 0) of a run with {@code K} keys has
 * the key {@code k<i mod K>} and the value {@code {"id":<i>,"key":"k<i mod K>","seq":<i / K>}}, where {@code seq}
 * counts the earlier records with the same key. A consumer can check per key that nothing was lost, duplicated or
 * reordered: each key's {@code seq} runs 0, 1, 2, ... in its partition.
 */
public final class SampleRecords {

  private SampleRecords() {
  }

  /** Returns the key of record {@code i}: {@code "k" + (i % keys)}. */
  public static String key(long i, int keys) {
    return "k" + (i % keys);
  }

  /** Returns the value of record {@code i}, compact JSON: {@code {"id":i,"key":"k<i mod keys>","seq":i / keys}}. */
  public static String value(long i, int keys) {
    return "{\"id\":" + i + ",\"key\":\"" + key(i, keys) + "\",\"seq\":" + (i / keys) + "}";
  }
}
