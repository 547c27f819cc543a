package io.tributary.pipeline.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a file line by line without blocking on new data: {@link #poll()} returns the next complete
 * line, {@code null} when none is there yet (in follow mode), or {@link #END} at the end of a
 * file that is not followed. A line is complete at its {@code \n} ({@code \r\n} too); in follow
 * mode a last line without one waits for it, otherwise it is returned at the end. Bytes are UTF-8
 * (malformed ones become U+FFFD); a line longer than 1 MiB is split. In follow mode a file that
 * shrank (truncated) is read again from its start, and a file that does not exist yet is waited
 * for. Used by one thread at a time.
 */
final class LineTailer implements AutoCloseable {

  /** One line and the byte offset where it starts. */
  record Line(String text, long offset) {}

  /** The end of a file that is not followed. */
  static final Line END = new Line("", -1);

  private static final Logger log = LoggerFactory.getLogger(LineTailer.class);
  private static final int MAX_LINE = 1024 * 1024;

  private final Path path;
  private final boolean follow;
  private final boolean fromEnd;
  private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final ArrayDeque<Line> ready = new ArrayDeque<>();
  private FileChannel channel;
  private long position;
  private long pendingStart;
  private boolean waitingLogged;
  private volatile boolean closed;

  /**
   * @param path the file
   * @param follow keep reading what is appended (like {@code tail -F})
   * @param fromEnd start at the current end of the file instead of its beginning
   */
  LineTailer(Path path, boolean follow, boolean fromEnd) {
    this.path = path;
    this.follow = follow;
    this.fromEnd = fromEnd;
  }

  /** @return the next line, {@code null} when none is complete yet, or {@link #END} */
  Line poll() throws IOException {
    if (closed) {
      return END;
    }
    if (!ready.isEmpty()) {
      return ready.poll();
    }
    if (channel == null && !open()) {
      return null;
    }
    if (follow && channel.size() < position) {
      log.info("{} shrank from {} to {} bytes (truncated): reading it again from the start", path, position,
          channel.size());
      position = 0;
      pending.reset();
      pendingStart = 0;
    }
    while (ready.isEmpty()) {
      buffer.clear();
      int n = channel.read(buffer, position);
      if (n <= 0) {
        break;
      }
      split(n);
    }
    if (!ready.isEmpty()) {
      return ready.poll();
    }
    if (follow) {
      return null;
    }
    if (pending.size() > 0) {
      return takePending();
    }
    return END;
  }

  private boolean open() throws IOException {
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      if (!follow) {
        throw e;
      }
      if (!waitingLogged) {
        log.info("{} does not exist yet: waiting for it", path);
        waitingLogged = true;
      }
      return false;
    }
    position = fromEnd ? channel.size() : 0;
    pendingStart = position;
    return true;
  }

  private void split(int n) {
    byte[] bytes = buffer.array();
    long base = position;
    int start = 0;
    for (int i = 0; i < n; i++) {
      if (bytes[i] == '\n') {
        pending.write(bytes, start, i - start);
        ready.add(takePending());
        pendingStart = base + i + 1;
        start = i + 1;
      } else if (pending.size() + (i - start) >= MAX_LINE) {
        pending.write(bytes, start, i - start);
        log.warn("{}: a line at offset {} is longer than {} bytes: split", path, pendingStart, MAX_LINE);
        ready.add(takePending());
        pendingStart = base + i;
        start = i;
      }
    }
    pending.write(bytes, start, n - start);
    position += n;
  }

  private Line takePending() {
    byte[] line = pending.toByteArray();
    int length = line.length;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    pending.reset();
    return new Line(new String(line, 0, length, StandardCharsets.UTF_8), pendingStart);
  }

  /** @return whether the file can be read now (for a start-time check) */
  static boolean readable(Path path) {
    return Files.isRegularFile(path) && Files.isReadable(path);
  }

  @Override
  public void close() throws IOException {
    closed = true;
    if (channel != null) {
      channel.close();
    }
  }
}
