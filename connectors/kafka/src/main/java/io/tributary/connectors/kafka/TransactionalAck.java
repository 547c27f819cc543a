package io.tributary.connectors.kafka;

import io.tributary.streams.envelope.Acknowledgement;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The acknowledgement of one record in a {@link TransactionalKafkaRunner}: carries the records its handler (or its
 * dead letter) produces until the record is done, then hands them to the loop, which sends them into the open
 * transaction once every earlier offset of the partition is done too.
 */
final class TransactionalAck implements Acknowledgement {
  private final TransactionalLoop<?> loop;
  final TransactionalLoop.Assignment partition;
  final long offset;
  /** What this record produces so far; guarded by {@code this}. */
  private List<ProducerRecord<byte[], byte[]>> results = List.of();

  TransactionalAck(TransactionalLoop<?> loop, TransactionalLoop.Assignment partition, long offset) {
    this.loop = loop;
    this.partition = partition;
    this.offset = offset;
  }

  /** Sets what this record produces (the handler's result or its dead letter); the last call wins. */
  synchronized void results(List<ProducerRecord<byte[], byte[]>> records) {
    results = records == null ? List.of() : records;
  }

  /** Adds a record to what this record produces (a pipeline's sinks, one each). */
  synchronized void add(ProducerRecord<byte[], byte[]> record) {
    List<ProducerRecord<byte[], byte[]>> more = new java.util.ArrayList<>(results);
    more.add(record);
    results = more;
  }

  private synchronized List<ProducerRecord<byte[], byte[]>> results() {
    return results;
  }

  @Override
  public void ack() {
    loop.done(this, results());
  }

  @Override
  public boolean begin() {
    return partition.offsets.begin(offset);
  }
}
