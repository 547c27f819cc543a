package io.tributary.faults;

/**
 * Sends the workload's events to one broker. {@link #send} may batch; {@link #flush} returns once everything sent
 * is stored by the broker, retrying through reconnections as needed (a resent batch may store duplicates, never
 * gaps), or throws when it could not within its bound.
 */
interface WorkloadProducer extends AutoCloseable {

  /** Sends one event: its key and its payload bytes. */
  void send(long id, String key, byte[] value) throws Exception;

  /** Returns once every event sent so far is stored by the broker. */
  void flush() throws Exception;

  @Override
  void close();
}
