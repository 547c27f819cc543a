package io.tributary.cli.top;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns two scrapes into a {@link Frame}: a row per runner, hub topic and subscriber, pipeline and pipeline
 * component (from the meter names and tags of docs/operating.md), rates from the counters' deltas, then a row
 * for each health entry no meter row took.
 */
final class Rows {

  private static final List<String> PIPELINE_KINDS = List.of("source", "transform", "sink");

  private final Snapshot previous;
  private final Snapshot current;
  private final double seconds;
  /** The health entries by component, removed as rows take them. */
  private final Map<String, HealthEntry> health = new LinkedHashMap<>();
  private final List<Row> rows = new ArrayList<>();

  private Rows(Snapshot previous, Snapshot current) {
    this.previous = previous;
    this.current = current;
    this.seconds = previous == null ? 0 : (current.nanos() - previous.nanos()) / 1e9;
    current.readiness().ifPresent(r -> r.components().forEach(h -> health.put(h.component(), h)));
  }

  /**
   * The frame of {@code current}.
   *
   * @param url the process's address, for the header
   * @param previous the scrape before, for the rates; null for the first (the rates are not known yet)
   * @param current the last scrape
   * @return the frame
   */
  static Frame frame(String url, Snapshot previous, Snapshot current) {
    Rows r = new Rows(previous, current);
    r.runners();
    r.hubs();
    r.pipelines();
    r.others();
    return new Frame(current.at(), url, current.readiness(), r.rows);
  }

  private void runners() {
    Map<String, String> runners = new TreeMap<>();
    for (Sample s : current.samples()) {
      if (s.name().startsWith("tributary_runner_") && !s.label("runner").isEmpty()) {
        runners.putIfAbsent(s.label("runner"), s.label("protocol").isEmpty() ? "runner" : s.label("protocol"));
      }
    }
    runners.forEach((runner, protocol) -> {
      Map<String, String> of = Map.of("runner", runner);
      add(runner, protocol, rate("tributary_runner_received_total", of),
          rate("tributary_runner_acknowledged_total", of), gauge("tributary_runner_in_flight", of),
          gauge("tributary_kafka_consumer_lag", of), runner, runner + " connection");
    });
  }

  private void hubs() {
    Map<List<String>, TreeSet<String>> topics = new TreeMap<>(Comparator.comparing((List<String> t) -> t.get(0))
        .thenComparing(t -> t.get(1)));
    for (Sample s : current.samples()) {
      if (s.name().startsWith("tributary_hub_") && !s.label("topic").isEmpty()) {
        TreeSet<String> subscribers = topics.computeIfAbsent(List.of(s.label("hub"), s.label("topic")),
            t -> new TreeSet<>());
        if (!s.label("subscriber").isEmpty()) {
          subscribers.add(s.label("subscriber"));
        }
      }
    }
    topics.forEach((topic, subscribers) -> {
      Map<String, String> of = Map.of("hub", topic.get(0), "topic", topic.get(1));
      String name = "hub[" + topic.get(0) + "/" + topic.get(1) + "]";
      OptionalDouble published = rate("tributary_hub_published_total", of);
      add(name, "hub", published, OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(), name);
      for (String subscriber : subscribers) {
        Map<String, String> ofSubscriber = new LinkedHashMap<>(of);
        ofSubscriber.put("subscriber", subscriber);
        String sub = name + ":" + subscriber;
        add(sub, "subscriber", published, rate("tributary_hub_delivered_total", ofSubscriber),
            OptionalLong.empty(), gauge("tributary_hub_lag", ofSubscriber), sub);
      }
    });
  }

  private void pipelines() {
    Map<String, Map<String, String>> pipelines = new TreeMap<>(); // pipeline -> component -> kind
    for (Sample s : current.samples()) {
      if (s.name().startsWith("tributary_pipeline_") && !s.label("pipeline").isEmpty()) {
        Map<String, String> components = pipelines.computeIfAbsent(s.label("pipeline"), p -> new TreeMap<>());
        if (!s.label("component").isEmpty()) {
          components.put(s.label("component"), s.label("kind"));
        }
      }
    }
    pipelines.forEach((pipeline, components) -> {
      Map<String, String> of = Map.of("pipeline", pipeline);
      String name = "pipeline[" + pipeline + "]";
      add(name, "pipeline", rate("tributary_pipeline_received_total", of),
          rate("tributary_pipeline_acknowledged_total", of), gauge("tributary_pipeline_in_flight", of),
          OptionalLong.empty(), name);
      components.entrySet().stream()
          .sorted(Comparator.comparing((Map.Entry<String, String> e) -> kindOrder(e.getValue()))
              .thenComparing(Map.Entry::getKey))
          .forEach(e -> {
            Map<String, String> ofComponent = Map.of("pipeline", pipeline, "component", e.getKey());
            String component = name + ":" + e.getKey();
            String kind = e.getValue().isEmpty() ? "component" : e.getValue();
            // A source takes nothing in from the pipeline and a sink emits nothing into it: '-', not 0.0.
            add(component, kind, kind.equals("source") ? OptionalDouble.empty()
                    : rate("tributary_pipeline_component_events_in_total", ofComponent),
                kind.equals("sink") ? OptionalDouble.empty()
                    : rate("tributary_pipeline_component_events_out_total", ofComponent),
                OptionalLong.empty(), OptionalLong.empty(), component);
          });
    });
  }

  private static int kindOrder(String kind) {
    int i = PIPELINE_KINDS.indexOf(kind);
    return i < 0 ? PIPELINE_KINDS.size() : i;
  }

  /** A row for each health entry that no meter row took (a component that registered only its health). */
  private void others() {
    for (HealthEntry h : List.copyOf(health.values())) {
      add(h.component(), "health", OptionalDouble.empty(), OptionalDouble.empty(), OptionalLong.empty(),
          OptionalLong.empty(), h.component());
    }
  }

  /** Adds a row whose status merges the health entries named {@code entries} (the worst wins). */
  private void add(String component, String kind, OptionalDouble in, OptionalDouble out, OptionalLong inFlight,
      OptionalLong lag, String... entries) {
    HealthEntry worst = null;
    int stuckCount = 0;
    List<Lane> stuck = new ArrayList<>();
    List<Lane> slow = new ArrayList<>();
    for (String entry : entries) {
      HealthEntry h = health.remove(entry);
      if (h == null) {
        continue;
      }
      if (worst == null || severity(h.status()) > severity(worst.status())) {
        worst = h;
      }
      stuckCount += h.stuckCount();
      stuck.addAll(h.stuck());
      slow.addAll(h.slow());
    }
    String status = worst == null ? Row.NO_STATUS : worst.status();
    String reason = worst == null ? "" : worst.reason();
    rows.add(new Row(component, kind, in, out, inFlight, lag, status, reason, stuckCount, stuck, slow));
  }

  private static int severity(String status) {
    return switch (status) {
      case "DOWN" -> 3;
      case "SLOW" -> 2;
      case "UP" -> 1;
      default -> 0;
    };
  }

  /** Per second between the scrapes; a counter that went down (the process restarted) counts from 0. */
  private OptionalDouble rate(String name, Map<String, String> labels) {
    OptionalDouble now = current.sum(name, labels);
    if (previous == null || seconds <= 0 || now.isEmpty()) {
      return OptionalDouble.empty();
    }
    OptionalDouble before = previous.sum(name, labels);
    if (before.isEmpty()) {
      return OptionalDouble.empty();
    }
    double delta = now.getAsDouble() - before.getAsDouble();
    return OptionalDouble.of((delta < 0 ? now.getAsDouble() : delta) / seconds);
  }

  /** The gauges' sum now, rounded, of those that are a number; empty when none is. */
  private OptionalLong gauge(String name, Map<String, String> labels) {
    OptionalDouble now = current.sum(name, labels);
    return now.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Math.round(now.getAsDouble()));
  }
}
