package io.tributary.cli.top;

import java.util.Map;
import java.util.Objects;

/**
 * One sample of the Prometheus text format: {@code name{label="value",...} value}.
 *
 * @param name the metric name, e.g. {@code tributary_runner_received_total}
 * @param labels the labels, unescaped, in the order written
 * @param value the value ({@code NaN} and infinities included)
 */
record Sample(String name, Map<String, String> labels, double value) {

  Sample {
    Objects.requireNonNull(name, "name");
    labels = Map.copyOf(labels);
  }

  /** @return the label's value, empty when the sample has no such label */
  String label(String key) {
    return labels.getOrDefault(key, "");
  }

  /** @return whether every one of {@code wanted} is among the labels, with the same value */
  boolean matches(Map<String, String> wanted) {
    for (Map.Entry<String, String> e : wanted.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
