package io.tributary.cli.commands;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where {@code consume} writes its lines: a file opened for appending, or stdout. Each line is
 * flushed before {@link #append} returns, so a record is acknowledged only once its line is out.
 */
final class LineOutput implements AutoCloseable {
  private final Writer writer;
  private final boolean ownsStream;

  private LineOutput(Writer writer, boolean ownsStream) {
    this.writer = writer;
    this.ownsStream = ownsStream;
  }

  /** Opens {@code file} for appending (created if missing), or stdout when it is null. */
  static LineOutput open(Path file) throws IOException {
    if (file == null) {
      return new LineOutput(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)), false);
    }
    return new LineOutput(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), true);
  }

  synchronized void append(String line) {
    try {
      writer.write(line);
      writer.write('\n');
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the output line", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      writer.flush();
      if (ownsStream) {
        writer.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
