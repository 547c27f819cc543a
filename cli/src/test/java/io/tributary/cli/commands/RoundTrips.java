package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

/** Checks of {@code consume --out} files written after a {@code produce} of the sample records. */
final class RoundTrips {

  private static final Pattern VALUE = Pattern.compile("\\{\"id\":(\\d+),\"key\":\"(k\\d+)\",\"seq\":(\\d+)\\}");

  /** One output line: {@code <col1>\t<col2>\t<key>\t<value>}. */
  record Line(String first, long second, String key, String value, long id, long seq) {}

  private RoundTrips() {}

  static List<Line> read(Path out) throws IOException {
    List<Line> lines = new ArrayList<>();
    for (String text : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      String[] cols = text.split("\t", 4);
      assertThat(cols).as("line %s", text).hasSize(4);
      Matcher m = VALUE.matcher(cols[3]);
      assertThat(m.matches()).as("value of line %s", text).isTrue();
      lines.add(new Line(cols[0], Long.parseLong(cols[1]), cols[2], cols[3], Long.parseLong(m.group(1)),
          Long.parseLong(m.group(3))));
    }
    return lines;
  }

  /**
   * Every id 0..count-1 exactly once, with the key and value {@code produce} wrote, and per key the
   * seq running 0, 1, 2, ... in the order of the output.
   */
  static void assertEveryRecordOnceInKeyOrder(List<Line> lines, long count, int keys) {
    assertThat(lines.stream().map(Line::id).sorted().toList())
        .as("every id exactly once").containsExactlyElementsOf(LongStream.range(0, count).boxed().toList());
    Map<String, List<Long>> seqsByKey = new HashMap<>();
    for (Line line : lines) {
      assertThat(line.key()).as("key of id %d", line.id()).isEqualTo(SampleRecords.key(line.id(), keys));
      assertThat(line.value()).isEqualTo(SampleRecords.value(line.id(), keys));
      seqsByKey.computeIfAbsent(line.key(), k -> new ArrayList<>()).add(line.seq());
    }
    assertThat(seqsByKey).hasSize(keys);
    seqsByKey.forEach((key, seqs) -> assertThat(seqs).as("seqs of %s in output order", key)
        .containsExactlyElementsOf(LongStream.range(0, seqs.size()).boxed().toList()));
  }
}
