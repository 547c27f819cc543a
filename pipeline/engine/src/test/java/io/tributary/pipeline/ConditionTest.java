package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.pipeline.condition.Condition;
import io.tributary.pipeline.condition.ConditionSyntaxException;
import io.tributary.pipeline.event.Event;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The condition language of filter and route. */
class ConditionTest {

  private static final Event EVENT = Event.fromJson("{\"level\":\"error\",\"latency_ms\":250,\"ratio\":0.5,"
      + "\"service\":\"checkout\",\"ok\":false,\"nothing\":null,\"http\":{\"status\":503,\"path\":\"/api/cart\"}}");

  private static boolean holds(String condition) {
    return Condition.parse(condition).test(EVENT);
  }

  @Test
  void comparisons_of_numbers_are_numeric_whatever_the_number_type() {
    assertThat(holds("latency_ms > 100")).isTrue();
    assertThat(holds("latency_ms >= 250")).isTrue();
    assertThat(holds("latency_ms < 250")).isFalse();
    assertThat(holds("latency_ms <= 250.0")).isTrue();
    assertThat(holds("latency_ms == 250.0")).isTrue();
    assertThat(holds("latency_ms != 250")).isFalse();
    assertThat(holds("ratio < 1")).isTrue();
    assertThat(holds("ratio > -1")).isTrue();
  }

  @Test
  void strings_compare_by_equality_and_lexicographically() {
    assertThat(holds("level == \"error\"")).isTrue();
    assertThat(holds("level == 'error'")).isTrue();
    assertThat(holds("level != 'info'")).isTrue();
    assertThat(holds("service > 'billing'")).isTrue();
    assertThat(holds("service < 'billing'")).isFalse();
  }

  @Test
  void different_types_never_compare_equal_or_ordered() {
    assertThat(holds("latency_ms == '250'")).isFalse();
    assertThat(holds("latency_ms != '250'")).isTrue();
    assertThat(holds("level > 1")).isFalse();
    assertThat(holds("level <= 1")).isFalse();
  }

  @Test
  void missing_fields_are_null() {
    assertThat(holds("missing == null")).isTrue();
    assertThat(holds("nothing == null")).isTrue();
    assertThat(holds("missing > 0")).isFalse();
    assertThat(holds("missing < 0")).isFalse();
    assertThat(holds("missing != 'x'")).isTrue();
    assertThat(holds("missing =~ '.*'")).isFalse();
    assertThat(holds("exists(nothing) and not exists(missing)")).isTrue();
  }

  @Test
  void booleans_and_nested_paths_are_supported() {
    assertThat(holds("ok == false")).isTrue();
    assertThat(holds("http.status >= 500")).isTrue();
    assertThat(holds("exists(http.path)")).isTrue();
    assertThat(holds("http.missing == null")).isTrue();
  }

  @Test
  void regex_matches_anywhere_unless_anchored() {
    assertThat(holds("http.path =~ 'cart'")).isTrue();
    assertThat(holds("http.path =~ '^cart'")).isFalse();
    assertThat(holds("http.path !~ '^/api/'")).isFalse();
    assertThat(holds("latency_ms =~ '^2\\d0$'")).as("a number matches as its text").isTrue();
  }

  @Test
  void and_binds_tighter_than_or_and_parentheses_and_not_work() {
    assertThat(holds("level == 'info' and latency_ms > 100 or service == 'checkout'")).isTrue();
    assertThat(holds("level == 'info' and (latency_ms > 100 or service == 'checkout')")).isFalse();
    assertThat(holds("not level == 'info'")).isTrue();
    assertThat(holds("!(latency_ms > 100) || ok == true")).isFalse();
    assertThat(holds("level == 'error' && latency_ms > 100")).isTrue();
    assertThat(holds("LEVEL == 'error' AND latency_ms > 100")).as("keywords in any case, fields as written")
        .isFalse();
  }

  @Test
  void fields_lists_every_field_read() {
    assertThat(Condition.parse("level == 'error' and (http.status > 499 or exists(trace_id)) and 1 < latency_ms")
        .fields()).containsExactly("level", "http.status", "trace_id", "latency_ms");
  }

  @Test
  void syntax_errors_say_where_and_what_was_expected() {
    assertSyntaxError("", "at column 1: the condition is empty");
    assertSyntaxError("level ==", "at column 9: expected a field or value after '==', found the end");
    assertSyntaxError("level 'error'", "at column 7: expected a comparison operator (==, !=, <, <=, >, >=, =~, "
        + "!~) after 'level', found the string 'error'");
    assertSyntaxError("(a == 1", "at column 8: expected ')' to close the '(' at column 1, found the end");
    assertSyntaxError("a == 1 b == 2", "at column 8: expected 'and', 'or' or the end, found 'b'");
    assertSyntaxError("a == \"x", "at column 6: unterminated string starting with \"");
    assertSyntaxError("a =~ '('", "at column 6: invalid regex '(': Unclosed group");
    assertSyntaxError("a =~ b", "at column 6: expected a quoted regex after '=~', found 'b'");
    assertSyntaxError("a == 1 # 2", "at column 8: unexpected character '#'");
  }

  private static void assertSyntaxError(String condition, String message) {
    assertThatThrownBy(() -> Condition.parse(condition))
        .isInstanceOf(ConditionSyntaxException.class)
        .hasMessage(message);
  }

  @Test
  void evaluation_never_throws_on_odd_values() {
    Event odd = Event.of(Map.of("big", new BigInteger("123456789012345678901234567890"), "list",
        List.of(1, 2)));
    assertThat(Condition.parse("big > 1").test(odd)).isTrue();
    assertThat(Condition.parse("list =~ '2'").test(odd)).isTrue();
    assertThat(Condition.parse("list > 1").test(odd)).isFalse();
  }
}
