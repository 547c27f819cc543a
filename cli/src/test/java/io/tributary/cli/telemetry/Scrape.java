package io.tributary.cli.telemetry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One HTTP answer of a metrics server, and the samples of a Prometheus text body. */
record Scrape(int status, String contentType, String body) {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** GETs {@code url}. */
  static Scrape get(String url) {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      return new Scrape(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The values of the samples named {@code name} whose labels include every one of {@code labels}.
   *
   * @param name e.g. {@code tributary_runner_processed_total}
   */
  List<Double> values(String name, Map<String, String> labels) {
    List<Double> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      String head = line.substring(0, space);
      boolean all = labels.entrySet().stream()
          .allMatch(e -> head.contains(e.getKey() + "=\"" + e.getValue() + "\""));
      if (all) {
        out.add(Double.parseDouble(line.substring(space + 1)));
      }
    }
    return out;
  }

  /** The one sample named {@code name} with these labels; fails when there is none or several. */
  double value(String name, Map<String, String> labels) {
    List<Double> v = values(name, labels);
    if (v.size() != 1) {
      throw new AssertionError(v.size() + " samples of " + name + " " + labels + " in:\n" + body);
    }
    return v.get(0);
  }

  /** The sum of the samples named {@code name} with these labels (0 when none). */
  double sum(String name, Map<String, String> labels) {
    return values(name, labels).stream().mapToDouble(Double::doubleValue).sum();
  }
}
