package io.tributary.cli.top;

import io.tributary.cli.commands.CommandFailedException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The metrics port of a running process: scrapes {@code /metrics} and {@code /health/ready} into a {@link
 * Snapshot}.
 */
final class Endpoint {

  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  private final URI base;
  private final HttpClient client;

  /**
   * @param base the process's address without a path, e.g. {@code http://127.0.0.1:9464}
   */
  Endpoint(URI base) {
    this.base = Objects.requireNonNull(base, "base");
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /**
   * Normalises what a user typed: {@code 127.0.0.1:9464}, {@code http://127.0.0.1:9464/} and the line a command
   * prints, {@code http://127.0.0.1:9464/metrics}, all mean {@code http://127.0.0.1:9464}.
   *
   * @throws IllegalArgumentException when it is not an http(s) address with a host
   */
  static URI base(String url) {
    String u = url.strip();
    if (!u.contains("://")) {
      u = "http://" + u;
    }
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    if (u.endsWith("/metrics")) {
      u = u.substring(0, u.length() - "/metrics".length());
    }
    URI uri;
    try {
      uri = URI.create(u);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--url must be an address like http://127.0.0.1:9464, got " + url, e);
    }
    if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException("--url must be an address like http://127.0.0.1:9464, got " + url);
    }
    return uri;
  }

  /** @return the address scraped, e.g. {@code http://127.0.0.1:9464} */
  URI base() {
    return base;
  }

  /**
   * Scrapes once.
   *
   * @throws IOException when the process cannot be reached (not started, gone, not answering in time): worth
   *     trying again
   * @throws CommandFailedException when it answered, but not like a Tributary metrics port (a status other than
   *     200, a body that is not the Prometheus text format): trying again will not help
   */
  Snapshot scrape() throws IOException, InterruptedException {
    Instant at = Instant.now();
    long nanos = System.nanoTime();
    HttpResponse<String> metrics = get("/metrics");
    if (metrics.statusCode() != 200) {
      throw new CommandFailedException(base + "/metrics answered " + metrics.statusCode()
          + ": is this the port of a Tributary process's --metrics-port?", null);
    }
    List<Sample> samples;
    try {
      samples = PrometheusText.parse(metrics.body());
    } catch (IllegalArgumentException e) {
      throw new CommandFailedException(base + "/metrics did not answer the Prometheus text format: "
          + e.getMessage(), e);
    }
    HttpResponse<String> health = get("/health/ready");
    Optional<Readiness> readiness = Optional.empty();
    if (health.statusCode() == 200 || health.statusCode() == 503) {
      try {
        readiness = Optional.of(Readiness.parse(health.body()));
      } catch (IllegalArgumentException e) {
        // Not Tributary's health (another exporter on the port): the rows show no status.
        readiness = Optional.empty();
      }
    }
    return new Snapshot(at, nanos, samples, readiness);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).GET().build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
