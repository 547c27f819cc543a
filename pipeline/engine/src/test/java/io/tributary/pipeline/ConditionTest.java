package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.pipeline.condition.Condition;
import io.tributary.pipeline.condition.ConditionSyntaxException;
import io.tributary.pipeline.condition.ConditionTypeException;
import io.tributary.pipeline.config.ConfigError;
import io.tributary.pipeline.config.PipelineConfigException;
import io.tributary.pipeline.event.Event;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The condition language of filter and route: CEL, with the spellings of the conditions written before it. */
class ConditionTest {

  private static final Event EVENT = Event.fromJson("{\"level\":\"error\",\"latency_ms\":250,\"ratio\":0.5,"
      + "\"service\":\"checkout\",\"ok\":false,\"nothing\":null,\"http\":{\"status\":503,\"path\":\"/api/cart\"},"
      + "\"tags\":[\"eu\",\"canary\"],\"user-agent\":\"curl/8.5\",\"timestamp\":\"2024-05-01T10:15:00Z\","
      + "\"type\":\"click\",\"message\":\"GET /api/cart took 250 ms\"}");

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
  void missing_fields_are_null_at_any_depth_and_has_tells_missing_from_null() {
    assertThat(holds("missing == null")).isTrue();
    assertThat(holds("nothing == null")).isTrue();
    assertThat(holds("http.missing == null")).isTrue();
    assertThat(holds("missing != 'x'")).isTrue();
    assertThat(holds("missing > 0")).isFalse();
    assertThat(holds("missing < 0")).isFalse();
    assertThat(holds("missing =~ '.*'")).isFalse();
    assertThat(holds("missing !~ 'x'")).as("a missing field never matches, so !~ holds").isTrue();
    assertThat(holds("exists(nothing) and not exists(missing)")).isTrue();
    assertThat(holds("has(self.nothing) && !has(self.missing) && has(http.status) && !has(http.missing)")).isTrue();
    assertThat(holds("'nothing' in self && !('missing' in self)")).isTrue();
  }

  @Test
  void an_evaluation_error_makes_the_condition_false_unless_and_or_decide_without_it() {
    assertThat(holds("!(missing > 0)")).as("comparing null with a number is an error, negated or not").isFalse();
    assertThat(holds("missing > 0 || level == 'error'")).isTrue();
    assertThat(holds("missing > 0 && level == 'error'")).isFalse();
    assertThat(holds("level == 'info' && missing > 0")).isFalse();
    assertThat(holds("missing.deeper == 1")).as("selecting from null is an error").isFalse();
  }

  @Test
  void booleans_and_nested_paths_are_supported() {
    assertThat(holds("ok == false")).isTrue();
    assertThat(holds("!ok")).isTrue();
    assertThat(holds("http.status >= 500")).isTrue();
    assertThat(holds("exists(http.path)")).isTrue();
    assertThat(holds("self.http.status == 503 && self['http']['path'] == '/api/cart'")).isTrue();
  }

  @Test
  void regex_matches_anywhere_unless_anchored() {
    assertThat(holds("http.path =~ 'cart'")).isTrue();
    assertThat(holds("http.path =~ '^cart'")).isFalse();
    assertThat(holds("http.path !~ '^/api/'")).isFalse();
    assertThat(holds("latency_ms =~ '^2\\d0$'")).as("a number matches as its text").isTrue();
    assertThat(holds("http.path.matches('cart')")).isTrue();
    assertThat(holds("http.path.matches('^/API/')")).isFalse();
    assertThat(holds("http.path.matches('(?i)^/API/')")).isTrue();
    assertThat(holds("matches(message, r'took \\d+ ms$')")).isTrue();
    assertThat(holds("message.matches('took \\d+ ms$')")).as("an unknown escape keeps its backslash").isTrue();
  }

  @Test
  void string_functions_lists_macros_and_timestamps_of_cel_work() {
    assertThat(holds("service.startsWith('check') && service.endsWith('out') && service.contains('ecko')")).isTrue();
    assertThat(holds("level.upperAscii() == 'ERROR' && size(level) == 5")).isTrue();
    assertThat(holds("http.path.split('/').size() == 3 && http.path.split('/')[1] == 'api'")).isTrue();
    assertThat(holds("'canary' in tags && tags.exists(t, t.startsWith('e')) && !tags.all(t, t == 'eu')")).isTrue();
    assertThat(holds("tags.filter(t, t.size() > 2).size() == 1")).isTrue();
    assertThat(holds("timestamp(timestamp) > timestamp('2024-05-01T10:00:00Z')")).isTrue();
    assertThat(holds("timestamp(timestamp) - timestamp('2024-05-01T10:00:00Z') == duration('15m')")).isTrue();
    assertThat(holds("timestamp(timestamp).getHours() == 10 && timestamp(timestamp).getDayOfWeek() == 3")).isTrue();
    assertThat(holds("level == 'error' ? latency_ms > 100 : latency_ms > 1000")).isTrue();
  }

  @Test
  void identifiers_are_fields_even_when_cel_has_a_type_of_that_name() {
    assertThat(holds("type == 'click'")).isTrue();
    assertThat(holds("self['user-agent'].startsWith('curl/')")).isTrue();
    assertThat(Condition.parse("list.size() == 2").test(Event.of(Map.of("list", List.of(1, 2))))).isTrue();
    assertThat(holds("type(latency_ms) == int && type(level) == string && type(http) != list")).isTrue();
  }

  @Test
  void and_binds_tighter_than_or_and_parentheses_and_not_work() {
    assertThat(holds("level == 'info' and latency_ms > 100 or service == 'checkout'")).isTrue();
    assertThat(holds("level == 'info' and (latency_ms > 100 or service == 'checkout')")).isFalse();
    assertThat(holds("not level == 'info'")).as("not applies to the whole comparison").isTrue();
    assertThat(holds("not level == 'error' or not latency_ms > 100")).isFalse();
    assertThat(holds("not not ok == false")).isTrue();
    assertThat(holds("!(latency_ms > 100) || ok == true")).isFalse();
    assertThat(holds("level == 'error' && latency_ms > 100")).isTrue();
    assertThat(holds("LEVEL == 'error' AND latency_ms > 100")).as("keywords in any case, fields as written")
        .isFalse();
    assertThat(Condition.parse("a and not b == 1 or exists(c.d)").expression())
        .isEqualTo("a && !( b == 1) || has(self.c.d)");
  }

  @Test
  void fields_lists_every_field_read() {
    assertThat(Condition.parse("level == 'error' and (http.status > 499 or exists(trace_id)) and 1 < latency_ms")
        .fields()).containsExactly("level", "http.status", "trace_id", "latency_ms");
    assertThat(Condition.parse("tags.exists(t, t == host) && self['user-agent'] != '' && has(self.a.b) "
        + "&& type(x) == string").fields()).containsExactly("tags", "host", "user-agent", "a.b", "x");
  }

  @Test
  void syntax_errors_say_where_and_what_was_expected() {
    assertSyntaxError("", "at column 1: the condition is empty");
    assertSyntaxError("level ==", "at column 9: expected a field or value after '==', found the end");
    assertSyntaxError("level == 'x' and latency_ms >",
        "at column 30: expected a field or value after '>', found the end");
    assertSyntaxError("level 'error'",
        "at column 7: expected an operator or the end after 'level', found the string 'error'");
    assertSyntaxError("(a == 1", "at column 8: expected ')' to close the '(' at column 1, found the end");
    assertSyntaxError("a == 1 b == 2", "at column 8: expected an operator or the end after '1', found 'b'");
    assertSyntaxError("[1, 2", "at column 6: expected ']' or ',' after '2', found the end");
    assertSyntaxError("a == \"x", "at column 6: unterminated string starting with \"");
    assertSyntaxError("a =~ '('", "at column 6: invalid regex '(': missing closing )");
    assertSyntaxError("a.matches('[z-a]') || b", "at column 11: invalid regex '[z-a]': invalid character class range");
    assertSyntaxError("a =~ b", "at column 6: expected a quoted regex after '=~', found 'b'");
    assertSyntaxError("a == 1 # 2", "at column 8: unexpected character '#'");
    assertSyntaxError("level = 'error'", "at column 7: '=' is not an operator: use '==' to compare");
    assertSyntaxError("a == 1 and not", "at column 15: expected a condition after 'not'");
    assertSyntaxError("user-agent == 'curl'", "at column 1: 'user-agent' subtracts agent from user: read a field "
        + "whose name has a '-' as self[\"user-agent\"] (or x[\"user-agent\"] inside object x), or put spaces around "
        + "'-' to subtract");
    assertSyntaxError("a == 1 &&\n  b ==", "at line 2, column 7: expected a field or value after '==', found the end");
  }

  private static void assertSyntaxError(String condition, String message) {
    assertThatThrownBy(() -> Condition.parse(condition))
        .isInstanceOf(ConditionSyntaxException.class)
        .hasMessage(message);
  }

  @Test
  void type_errors_say_where_and_what_does_not_fit() {
    assertTypeError("level.startsWith(1)",
        "at column 17: found no matching overload for 'startsWith' applied to 'dyn.(int)' (candidates: string.(string))");
    assertTypeError("level == 'x' and \"a\" + 1 == \"a1\"",
        "at column 22: found no matching overload for '_+_' applied to '(string, int)'");
    assertTypeError("latency_ms + 1", "at column 1: the condition is an int, not a bool: compare it, e.g. x > 0");
    assertTypeError("a == 1 &&\n  nosuch(a)", "at line 2, column 9: undeclared reference to 'nosuch'");
    ConditionTypeException e = (ConditionTypeException) catchException("size(1) > 0");
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.column()).isEqualTo(5);
    assertThat(e.kind()).isEqualTo("type error");
  }

  private static void assertTypeError(String condition, String message) {
    assertThatThrownBy(() -> Condition.parse(condition))
        .isInstanceOf(ConditionTypeException.class)
        .hasMessage(message);
  }

  private static RuntimeException catchException(String condition) {
    try {
      Condition.parse(condition);
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("expected an error for " + condition);
  }

  @Test
  void a_config_reports_condition_errors_at_the_option_with_kind_and_column() {
    String config = "sources { gen { type = generator, format = log, count = 1 } }\n"
        + "transforms {\n"
        + "  f { type = filter, inputs = [gen], condition = \"level == 'error' and latency_ms >\" }\n"
        + "  r { type = route, inputs = [gen], route { slow = \"latency_ms > 'x' + 1\", ok = \"status < 400\" } }\n"
        + "}\n"
        + "sinks { out { type = stdout, inputs = [f, r.slow, r.ok] } }\n";
    assertThatThrownBy(() -> Pipeline.parse(config))
        .isInstanceOf(PipelineConfigException.class)
        .extracting(e -> ((PipelineConfigException) e).errors().stream().map(ConfigError::toString)
            .collect(Collectors.toList()))
        .asList()
        .containsExactly(
            "transforms.f.condition: syntax error at column 34: expected a field or value after '>', found the end "
                + "in \"level == 'error' and latency_ms >\"",
            "transforms.r.route.slow: type error at column 18: found no matching overload for '_+_' applied to "
                + "'(string, int)' in \"latency_ms > 'x' + 1\"");
  }

  @Test
  void objects_read_field_by_field_and_compare_whole_at_any_depth() {
    Event order = Event.fromJson("{\"order\":{\"id\":7,\"customer\":{\"tier\":\"gold\",\"note\":null},"
        + "\"items\":[{\"sku\":\"a\",\"price\":5},{\"sku\":\"b\",\"price\":15,\"tags\":[\"x\"]}]}}");
    assertThat(Condition.parse("order.customer.tier == 'gold' && order.customer.note == null "
        + "&& has(order.customer.note) && !has(order.customer.vip) && order.customer.vip == null").test(order))
        .isTrue();
    assertThat(Condition.parse("order.items.exists(i, i.price > 10 && 'x' in i.tags) "
        + "&& order.items.all(i, has(i.sku)) && order.items.exists(i, !has(i.tags))").test(order)).isTrue();
    assertThat(Condition.parse("order.items[0].tags == null || order.items.exists(i, i.tags == null)").test(order))
        .as("in an object inside a list an absent key is CEL's error: test it with has()").isFalse();
    assertThat(Condition.parse("!has(order.items[0].tags) && has(order.items[1].tags)").test(order)).isTrue();
    assertThat(Condition.parse("order.items[0] == {'sku': 'a', 'price': 5} "
        + "&& order.customer == {'tier': 'gold', 'note': null} && size(order) == 3 && 'items' in order "
        + "&& self == {'order': order}").test(order)).isTrue();
    assertThat(Condition.parse("order.items[1].tags[0] == 'x' && order.items.map(i, i.price).exists(p, p == 15)")
        .test(order)).isTrue();
  }

  @Test
  void evaluation_never_throws_on_odd_values() {
    Event odd = Event.of(Map.of("big", new BigInteger("123456789012345678901234567890"), "list",
        List.of(1, 2), "object", Map.of("a", 1)));
    assertThat(Condition.parse("big > 1").test(odd)).isTrue();
    assertThat(Condition.parse("list > 1").test(odd)).isFalse();
    assertThat(Condition.parse("list =~ '2'").test(odd)).as("a list has no text to match").isFalse();
    assertThat(Condition.parse("object.a == 1 && object == {'a': 1}").test(odd)).isTrue();
    assertThat(Condition.parse("list").test(odd)).as("a non-bool result counts as false").isFalse();
    assertThat(Condition.parse("1 / (size(list) - 2) == 0").test(odd)).as("division by zero").isFalse();
  }
}
