package io.tributary.samples.cluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the nodes' output files as they grow ({@code <partition>\t<offset>\t<key>\t<value>}, the
 * value one of {@code produce}'s sample records) and counts: distinct events processed (by the
 * value's id), duplicates (lines beyond the first per partition and offset, across all files),
 * and order violations (within one file, per key, the first line of an event whose sequence
 * number is lower than one of that key earlier in that file). Not thread-safe: one reader.
 */
final class OutputTally {

  private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

  /** One growing file: how far it was read, the partial last line, and its own per-key state. */
  private static final class FileState {
    final Path path;
    long position;
    String partial = "";
    final Set<String> seen = new HashSet<>();
    final Map<String, Long> highestSeq = new HashMap<>();

    FileState(Path path) {
      this.path = path;
    }
  }

  private final List<FileState> files;
  private final Set<Long> ids = new HashSet<>();
  private final Map<String, Integer> linesPerPosition = new HashMap<>();
  private final Map<Integer, Long> highestOffset = new HashMap<>();
  private long duplicates;
  private long orderViolations;
  private long malformed;

  OutputTally(List<Path> paths) {
    this.files = paths.stream().map(FileState::new).toList();
  }

  /** Reads what the files gained since the last call. */
  void refresh() throws IOException {
    for (FileState f : files) {
      if (!Files.exists(f.path)) {
        continue;
      }
      try (RandomAccessFile raf = new RandomAccessFile(f.path.toFile(), "r")) {
        long length = raf.length();
        if (length <= f.position) {
          continue;
        }
        byte[] bytes = new byte[(int) (length - f.position)];
        raf.seek(f.position);
        raf.readFully(bytes);
        f.position = length;
        String text = f.partial + new String(bytes, StandardCharsets.UTF_8);
        int start = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
          line(f, text.substring(start, nl));
          start = nl + 1;
        }
        f.partial = text.substring(start);
      }
    }
  }

  private void line(FileState f, String line) {
    String[] cols = line.split("\t", 4);
    Matcher id = cols.length == 4 ? ID.matcher(cols[3]) : null;
    Matcher seq = cols.length == 4 ? SEQ.matcher(cols[3]) : null;
    if (id == null || !id.find() || !seq.find()) {
      malformed++;
      return;
    }
    String position = cols[0] + "@" + cols[1];
    if (linesPerPosition.merge(position, 1, Integer::sum) > 1) {
      duplicates++;
    }
    try {
      highestOffset.merge(Integer.parseInt(cols[0]), Long.parseLong(cols[1]), Math::max);
    } catch (NumberFormatException e) {
      malformed++;
      return;
    }
    ids.add(Long.parseLong(id.group(1)));
    if (f.seen.add(position)) {
      long s = Long.parseLong(seq.group(1));
      Long highest = f.highestSeq.get(cols[2]);
      if (highest != null && s < highest) {
        orderViolations++;
      } else {
        f.highestSeq.put(cols[2], s);
      }
    }
  }

  /** @return distinct events processed with an id below {@code events} */
  long processed(long events) {
    return ids.stream().filter(i -> i < events).count();
  }

  /** @return distinct events processed */
  long distinct() {
    return ids.size();
  }

  long duplicates() {
    return duplicates;
  }

  long orderViolations() {
    return orderViolations;
  }

  long malformed() {
    return malformed;
  }

  /** @return the highest offset processed per partition so far */
  Map<Integer, Long> highestOffsets() {
    return Map.copyOf(highestOffset);
  }
}
