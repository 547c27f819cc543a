package io.tributary.cli.commands;

import io.tributary.actors.TributarySerializable;

/**
 * What {@code tributary node} sends to a key's worker, which may live on another node: the Kafka
 * record's partition, offset, key and value. Crosses nodes as Jackson CBOR ({@link
 * TributarySerializable}).
 *
 * @param partition the record's partition
 * @param offset the record's offset
 * @param key the record's key ({@code null} when it had none)
 * @param value the record's value, as text
 */
public record NodeRecord(int partition, long offset, String key, String value) implements TributarySerializable {

  /** @return the output line: {@code <partition>\t<offset>\t<key>\t<value>} (the {@code consume} format) */
  public String line() {
    return partition + "\t" + offset + "\t" + (key == null ? "" : key) + "\t" + value;
  }
}
