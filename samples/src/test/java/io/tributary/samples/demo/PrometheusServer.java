package io.tributary.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server ({@code /usr/bin/prometheus}, Debian's package) in a child process that scrapes one
 * target every second, with its config, storage and log in a directory of the test; {@link #close()} ends it.
 */
final class PrometheusServer implements AutoCloseable {

  /** Where Debian's {@code prometheus} package puts the server. */
  static final Path BINARY = Path.of("/usr/bin/prometheus");

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final String base;
  private final Path log;

  private PrometheusServer(Process process, String base, Path log) {
    this.process = process;
    this.base = base;
    this.log = log;
  }

  /**
   * Starts Prometheus on a free port of 127.0.0.1, scraping {@code target} as job {@code job} every second.
   *
   * @param dir an empty directory for its config, storage and log
   * @param job the scrape job's name, e.g. {@code tributary}
   * @param target {@code host:port} of a {@code /metrics} endpoint
   * @throws AssertionError when the binary is missing, saying how to install it
   */
  static PrometheusServer start(Path dir, String job, String target) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(BINARY + " is missing: this test runs a real Prometheus server. Install it with "
          + "`apt-get install -y --no-install-recommends prometheus` (Debian 12; .ci/run does it) and stop the "
          + "service the package may start (`/etc/init.d/prometheus stop`).");
    }
    Path config = dir.resolve("prometheus.yml");
    // scrape_timeout must not exceed scrape_interval; the default (10s) would.
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: " + job,
        "    static_configs:",
        "      - targets: [\"" + target + "\"]",
        ""));
    String listen = "127.0.0.1:" + freePort();
    Path log = dir.resolve("prometheus.log");
    Process process = new ProcessBuilder(BINARY.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=" + listen)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new PrometheusServer(process, "http://" + listen, log);
  }

  /** @return whether the server process still runs */
  boolean isAlive() {
    return process.isAlive();
  }

  /** @return what the server logged so far, for a failure message */
  String log() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /**
   * {@code /api/v1/targets}: the active targets.
   *
   * @return each target's {@code scrapeUrl}, {@code health} ({@code up}, {@code down}, {@code unknown}) and
   *     {@code lastError}; empty while the server does not answer yet
   */
  List<Target> targets() {
    JsonNode data = api("/api/v1/targets");
    List<Target> out = new ArrayList<>();
    if (data != null) {
      for (JsonNode t : data.path("activeTargets")) {
        out.add(new Target(t.path("scrapeUrl").asText(), t.path("health").asText(), t.path("lastError").asText()));
      }
    }
    return out;
  }

  /**
   * {@code /api/v1/query}: an instant query.
   *
   * @param promql e.g. {@code tributary_runner_processed_total}
   * @return one sample per series (its labels and value); empty while the server does not answer yet
   */
  List<Sample> query(String promql) {
    JsonNode data = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    List<Sample> out = new ArrayList<>();
    if (data != null) {
      for (JsonNode r : data.path("result")) {
        Map<String, String> labels = new LinkedHashMap<>();
        r.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        // "value": [ <unix time>, "<value as a string>" ]
        out.add(new Sample(labels, Double.parseDouble(r.path("value").get(1).asText())));
      }
    }
    return out;
  }

  /** GETs an API path; the {@code data} of a {@code success} answer, or null while the server is not up. */
  private JsonNode api(String pathAndQuery) {
    if (!process.isAlive()) {
      throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + log());
    }
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        return null;
      }
      JsonNode body = JSON.readTree(r.body());
      if (!"success".equals(body.path("status").asText())) {
        throw new AssertionError("GET " + pathAndQuery + " answered " + r.body());
      }
      return body.path("data");
    } catch (java.net.ConnectException e) {
      return null; // still starting
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + base + pathAndQuery, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Ends the server and anything it started: SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      tree.forEach(ProcessHandle::destroyForcibly);
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** One active scrape target as {@code /api/v1/targets} reports it. */
  record Target(String scrapeUrl, String health, String lastError) {
  }

  /** One series of an instant query's result: its labels and its value. */
  record Sample(Map<String, String> labels, double value) {
  }
}
