package io.tributary.pipeline.sink;

import java.io.IOException;

/** Where a {@link JsonLinesSink} writes: a file or the standard output. */
interface LineWriter {

  /** Writes a chunk of complete lines and flushes it to the destination. */
  void writeAndFlush(String lines) throws IOException;

  /** Flushes and releases the destination (the standard output stays open). */
  void close() throws IOException;
}
