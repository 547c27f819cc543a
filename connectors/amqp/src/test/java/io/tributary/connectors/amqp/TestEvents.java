package io.tributary.connectors.amqp;

import java.nio.charset.StandardCharsets;

/** The JSON payload the tests publish and decode. */
final class TestEvents {
  private TestEvents() {}

  /** One event: a global id, its key, and its sequence number within the key. */
  record Event(long id, String key, long seq) {}

  /** @return the JSON of event {@code i} over {@code keys} keys */
  static byte[] json(int i, int keys) {
    return ("{\"id\":" + i + ",\"key\":\"k" + (i % keys) + "\",\"seq\":" + (i / keys) + "}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
