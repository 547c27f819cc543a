package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.pipeline.condition.Condition;
import io.tributary.pipeline.condition.ConditionException;
import io.tributary.pipeline.event.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/pipeline-conditions.md stays true: its examples hold and its error lines are what the engine says. */
class ConditionDocsTest {

  private static final Path DOC = Path.of("../../docs/pipeline-conditions.md");

  /** An event on which every example of the document holds. */
  private static final Event EVENT = Event.fromJson("{\"level\":\"error\",\"latency_ms\":250,\"status\":503,"
      + "\"service\":\"checkout\",\"http\":{\"path\":\"/api/cart\"},\"user_agent\":\"curl/8.5\","
      + "\"tags\":[\"team-a\",\"eu\"],\"timestamp\":\"2024-05-01T21:30:00Z\","
      + "\"started_at\":\"2024-05-01T21:29:00Z\",\"finished_at\":\"2024-05-01T21:30:00Z\"}");

  /** The fenced blocks without a language, in order (blocks with one, like hocon, are skipped). */
  private static List<List<String>> plainBlocks() throws IOException {
    List<List<String>> blocks = new ArrayList<>();
    List<String> current = null;
    boolean inOther = false;
    for (String line : Files.readAllLines(DOC)) {
      if (inOther) {
        inOther = !line.equals("```");
      } else if (current == null && line.equals("```")) {
        current = new ArrayList<>();
      } else if (current == null && line.startsWith("```")) {
        inOther = true;
      } else if (current != null && line.equals("```")) {
        blocks.add(current);
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return blocks;
  }

  @Test
  void every_example_compiles_and_holds_for_a_matching_event() throws IOException {
    List<String> examples = plainBlocks().get(0);
    assertThat(examples).hasSizeGreaterThan(5);
    for (String example : examples) {
      assertThat(Condition.parse(example).test(EVENT)).as(example).isTrue();
    }
  }

  @Test
  void every_error_line_is_what_validation_reports() throws IOException {
    List<String> lines = plainBlocks().get(1);
    Pattern line = Pattern.compile("([a-z_.]+): (syntax error|type error) (.*) in \"(.*)\"");
    int checked = 0;
    for (String text : lines) {
      Matcher m = line.matcher(text);
      if (!m.matches()) {
        continue; // unknown-field lines need a pipeline: PipelineConfigValidationTest covers them
      }
      try {
        Condition.parse(m.group(4));
        throw new AssertionError("expected an error for " + m.group(4));
      } catch (ConditionException e) {
        assertThat(e.kind() + " " + e.getMessage()).as(text).isEqualTo(m.group(2) + " " + m.group(3));
      }
      checked++;
    }
    assertThat(checked).isGreaterThan(4);
  }
}
