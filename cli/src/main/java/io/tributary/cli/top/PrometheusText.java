package io.tributary.cli.top;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the Prometheus text exposition format 0.0.4: one sample per line, {@code name{labels} value
 * [timestamp]}; {@code #} lines ({@code HELP}, {@code TYPE}, comments) and blank lines are skipped. A small
 * parser, so that {@code top} needs no client library.
 */
final class PrometheusText {

  private PrometheusText() {
  }

  /**
   * Parses a whole body.
   *
   * @param text what {@code /metrics} answered
   * @return its samples, in the order written
   * @throws IllegalArgumentException when a line is not a sample, naming the line and what was expected
   */
  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.isEmpty() && line.charAt(0) != '#') {
        samples.add(new LineReader(line, i + 1).sample());
      }
    }
    return samples;
  }

  /** The value of a sample: a decimal or {@code NaN}, {@code +Inf}, {@code -Inf}. */
  static double value(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  /** Reads one line, left to right. */
  private static final class LineReader {

    private final String line;
    private final int number;
    private int at;

    LineReader(String line, int number) {
      this.line = line;
      this.number = number;
    }

    Sample sample() {
      String name = name(true);
      Map<String, String> labels = new LinkedHashMap<>();
      if (at < line.length() && line.charAt(at) == '{') {
        at++;
        labels(labels);
      }
      String[] rest = line.substring(at).strip().split("\\s+");
      if (rest.length == 0 || rest[0].isEmpty() || rest.length > 2) {
        throw error("a value (and an optional timestamp) after the name and labels");
      }
      try {
        return new Sample(name, labels, value(rest[0]));
      } catch (NumberFormatException e) {
        throw error("a number, NaN, +Inf or -Inf as the value, not '" + rest[0] + "'");
      }
    }

    private void labels(Map<String, String> labels) {
      while (true) {
        spaces();
        if (at < line.length() && line.charAt(at) == '}') {
          at++;
          return;
        }
        String key = name(false);
        spaces();
        expect('=');
        spaces();
        expect('"');
        labels.put(key, quoted());
        spaces();
        if (at < line.length() && line.charAt(at) == ',') {
          at++;
        } else if (at < line.length() && line.charAt(at) == '}') {
          at++;
          return;
        } else {
          throw error("',' or '}' after the value of label " + key);
        }
      }
    }

    /** A metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) or a label name (without ':'). */
    private String name(boolean metric) {
      int start = at;
      while (at < line.length()) {
        char c = line.charAt(at);
        boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || metric && c == ':';
        if (!letter && !(at > start && c >= '0' && c <= '9')) {
          break;
        }
        at++;
      }
      if (at == start) {
        throw error(metric ? "a metric name" : "a label name");
      }
      return line.substring(start, at);
    }

    /** The rest of a label value after its opening quote, unescaped ({@code \\}, {@code \"}, {@code \n}). */
    private String quoted() {
      StringBuilder value = new StringBuilder();
      while (at < line.length()) {
        char c = line.charAt(at++);
        if (c == '"') {
          return value.toString();
        }
        if (c == '\\' && at < line.length()) {
          char escaped = line.charAt(at++);
          value.append(escaped == 'n' ? '\n' : escaped);
        } else {
          value.append(c);
        }
      }
      throw error("the closing '\"' of a label value");
    }

    private void spaces() {
      while (at < line.length() && (line.charAt(at) == ' ' || line.charAt(at) == '\t')) {
        at++;
      }
    }

    private void expect(char c) {
      if (at >= line.length() || line.charAt(at) != c) {
        throw error("'" + c + "'");
      }
      at++;
    }

    private IllegalArgumentException error(String expected) {
      return new IllegalArgumentException("line " + number + ", column " + (at + 1) + ": expected " + expected
          + " in: " + (line.length() > 200 ? line.substring(0, 200) + "..." : line));
    }
  }
}
