package io.tributary.streams.envelope;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One message header: a name and raw bytes (brokers allow any bytes; most headers are UTF-8 text).
 *
 * @param key the header name
 * @param value the header bytes ({@code null} allowed, as in Kafka)
 */
public record Header(String key, byte[] value) {

  /** Validates the name. */
  public Header {
    Objects.requireNonNull(key, "key");
  }

  /** @return a header with a UTF-8 text value */
  public static Header of(String key, String value) {
    return new Header(key, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  /** @return the value decoded as UTF-8 ({@code null} when absent) */
  public String valueAsString() {
    return value == null ? null : new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return key + "=" + valueAsString();
  }
}
