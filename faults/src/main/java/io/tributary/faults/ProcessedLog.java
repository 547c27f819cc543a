package io.tributary.faults;

import io.tributary.testkit.TestEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The workload's file sink: one line per processed event, {@code id key seq instance epochMillis}, tab-separated.
 * Each line is one {@code write} to a file opened with {@code O_APPEND}, so it reaches the operating system before
 * the handler completes and the message is acknowledged (it survives a SIGKILL of the process, not of the machine),
 * and lines of several processes appending to the same file never interleave: the file's order is the order in
 * which events were processed.
 */
final class ProcessedLog implements AutoCloseable {

  private final FileChannel channel;

  private ProcessedLog(FileChannel channel) {
    this.channel = channel;
  }

  static ProcessedLog open(Path file) throws IOException {
    return new ProcessedLog(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND));
  }

  /** Appends the line of {@code event}, processed by {@code instance}, now. */
  void append(TestEvent event, String instance) throws IOException {
    String line = event.id() + "\t" + event.key() + "\t" + event.seq() + "\t" + instance + "\t"
        + System.currentTimeMillis() + "\n";
    ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
