package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.pipeline.component.EventTransformFlow;
import io.tributary.pipeline.component.Routed;
import io.tributary.pipeline.condition.Condition;
import io.tributary.pipeline.config.ComponentRef;
import io.tributary.pipeline.config.Section;
import io.tributary.pipeline.event.Delivery;
import io.tributary.pipeline.event.Event;
import io.tributary.pipeline.transform.FilterTransform;
import io.tributary.pipeline.transform.ParseJson;
import io.tributary.pipeline.transform.Remap;
import io.tributary.pipeline.transform.Route;
import io.tributary.pipeline.transform.Sample;
import io.tributary.streams.envelope.AckCountdown;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Each transform's per-event behaviour on small inputs, without streams or brokers. */
class TransformsTest {

  private static final ComponentRef REF = new ComponentRef(Section.TRANSFORMS, "t");

  private static Event json(String text) {
    return Event.fromJson(text);
  }

  @Test
  void parse_json_merges_the_parsed_object_into_the_event() {
    ParseJson parse = new ParseJson(REF, "message", null, false);
    List<Routed> out = parse.apply(json("{\"seq\":1,\"message\":\"{\\\"level\\\":\\\"error\\\",\\\"ms\\\":5}\"}"));
    assertThat(out).containsExactly(Routed.of(json(
        "{\"seq\":1,\"message\":\"{\\\"level\\\":\\\"error\\\",\\\"ms\\\":5}\","
        + "\"level\":\"error\",\"ms\":5}")));
  }

  @Test
  void parse_json_can_drop_the_field_or_put_the_value_under_a_target() {
    Event in = json("{\"raw\":\"[1,2]\",\"x\":1}");
    assertThat(new ParseJson(REF, "raw", "parsed", true).apply(in))
        .containsExactly(Routed.of(json("{\"x\":1,\"parsed\":[1,2]}")));
    assertThat(new ParseJson(REF, "message", null, true).apply(json("{\"message\":\"{\\\"a\\\":1}\",\"x\":2}")))
        .containsExactly(Routed.of(json("{\"x\":2,\"a\":1}")));
  }

  @Test
  void parse_json_sends_what_it_cannot_parse_to_errors_with_the_reason() {
    ParseJson parse = new ParseJson(REF, "message", null, false);
    Routed bad = parse.apply(json("{\"message\":\"{\\\"a\\\":\"}")).get(0);
    assertThat(bad.output()).isEqualTo("_errors");
    assertThat(bad.event().get("message")).isEqualTo("{\"a\":");
    assertThat((String) bad.event().get("error")).startsWith("parse_json: invalid JSON: ");

    assertThat(parse.apply(json("{\"x\":1}")).get(0))
        .isEqualTo(Routed.to("_errors", json("{\"x\":1,\"error\":\"parse_json: field 'message' is missing\"}")));
    assertThat(parse.apply(json("{\"message\":42}")).get(0).event().get("error"))
        .isEqualTo("parse_json: field 'message' is a number, not JSON text");
    assertThat(parse.apply(json("{\"message\":\"[1]\"}")).get(0).event().get("error"))
        .isEqualTo("parse_json: expected a JSON object, got an array (set target to keep other JSON values)");
  }

  @Test
  void filter_passes_matching_events_and_drops_the_rest() {
    FilterTransform filter = new FilterTransform(REF, Condition.parse("level == 'error' and latency_ms > 100"));
    assertThat(filter.apply(json("{\"level\":\"error\",\"latency_ms\":101}"))).hasSize(1);
    assertThat(filter.apply(json("{\"level\":\"error\",\"latency_ms\":100}"))).isEmpty();
    assertThat(filter.apply(json("{\"level\":\"info\",\"latency_ms\":500}"))).isEmpty();
  }

  @Test
  void remap_renames_then_sets_then_drops() {
    Map<String, Object> set = new LinkedHashMap<>();
    set.put("env", "prod");
    set.put("id", 0);
    Remap remap = new Remap(REF, Map.of("id", "order_id", "absent", "whatever"), set, List.of("secret", "nope"));
    assertThat(remap.apply(json("{\"id\":7,\"secret\":\"s\",\"x\":true}")))
        .containsExactly(Routed.of(json("{\"x\":true,\"order_id\":7,\"env\":\"prod\",\"id\":0}")));
  }

  @Test
  void route_sends_an_event_to_every_matching_output_or_to_unmatched() {
    Map<String, Condition> routes = new LinkedHashMap<>();
    routes.put("errors", Condition.parse("level == 'error'"));
    routes.put("slow", Condition.parse("latency_ms > 500"));
    Route route = new Route(REF, routes);
    Event both = json("{\"level\":\"error\",\"latency_ms\":900}");
    Event none = json("{\"level\":\"info\",\"latency_ms\":9}");
    assertThat(route.apply(both)).containsExactly(Routed.to("errors", both), Routed.to("slow", both));
    assertThat(route.apply(none)).containsExactly(Routed.to("_unmatched", none));
    assertThat(route.namedOutputs()).containsExactly("errors", "slow", "_unmatched");
    assertThat(route.hasDefaultOutput()).isFalse();
  }

  @Test
  void sample_keeps_one_in_n_by_count_or_by_key() {
    var byCount = new Sample(REF, 3, null).newInstance();
    List<Long> kept = IntStream.range(0, 10).mapToObj(i -> json("{\"i\":" + i + "}"))
        .flatMap(e -> byCount.apply(e).stream()).map(r -> (Long) r.event().get("i")).collect(Collectors.toList());
    assertThat(kept).containsExactly(0L, 3L, 6L, 9L);

    var byKey = new Sample(REF, 4, "user").newInstance();
    List<Boolean> first = new ArrayList<>();
    List<Boolean> second = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      for (int u = 0; u < 40; u++) {
        boolean keep = !byKey.apply(json("{\"user\":\"u" + u + "\"}")).isEmpty();
        (round == 0 ? first : second).add(keep);
      }
    }
    assertThat(second).as("the same keys are kept every time").isEqualTo(first);
    assertThat(first).contains(true, false);
  }

  @Test
  void an_event_sent_to_two_outputs_holds_two_references_and_a_dropped_one_is_done() {
    AtomicInteger acks = new AtomicInteger();
    AckCountdown countdown = new AckCountdown(acks::incrementAndGet, () -> { });
    Map<String, Condition> routes = new LinkedHashMap<>();
    routes.put("a", Condition.parse("x > 0"));
    routes.put("b", Condition.parse("x > 1"));
    List<Delivery> out = EventTransformFlow.apply(new Route(REF, routes)::apply,
        Delivery.of(json("{\"x\":5}"), countdown));
    assertThat(out).extracting(Delivery::output).containsExactly("a", "b");
    assertThat(countdown.references()).isEqualTo(2);
    out.get(0).done();
    assertThat(acks.get()).isZero();
    out.get(1).done();
    assertThat(acks.get()).isEqualTo(1);

    AckCountdown dropped = new AckCountdown(acks::incrementAndGet, () -> { });
    assertThat(EventTransformFlow.apply(e -> List.of(), Delivery.of(json("{}"), dropped))).isEmpty();
    assertThat(dropped.isDone()).isTrue();
    assertThat(acks.get()).isEqualTo(2);
  }
}
