package io.tributary.actors.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.streams.telemetry.ComponentHealth;
import io.tributary.streams.telemetry.Telemetry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves an actor system's {@link Telemetry} over HTTP on the JDK's built-in server, for Prometheus and
 * for load balancers or orchestrators:
 *
 * <ul>
 *   <li>{@code /metrics}: every meter in the Prometheus text format (OpenMetrics when the scraper asks for
 *       it);
 *   <li>{@code /health/live}: 200 {@code {"status":"UP"}} while the actor system runs, else 503;
 *   <li>{@code /health/ready}: 200 when {@link Telemetry#ready()} (not stopping, no component down), else
 *       503; the body names each component's status, reason and details.
 * </ul>
 *
 * <p>When the telemetry has no {@link PrometheusMeterRegistry} yet, one is added, with the JVM and process
 * binders (memory, GC, threads, class loader, processor, uptime, file descriptors); a host that passed its
 * own Prometheus registry binds those itself. Start it with {@code Tributary.serveMetrics(port)}.
 */
public final class MetricsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
  private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;
  private final ClassicActorSystemProvider system;
  private final Telemetry telemetry;
  private final PrometheusMeterRegistry prometheus;
  private final List<AutoCloseable> binders = new ArrayList<>();

  private MetricsServer(ClassicActorSystemProvider system, InetSocketAddress address) throws IOException {
    this.system = system;
    this.telemetry = Telemetry.get(system);
    this.prometheus = prometheusRegistry(telemetry, binders);
    this.server = HttpServer.create(address, 16);
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tributary-metrics-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/metrics", this::metrics);
    server.createContext("/health/live", this::live);
    server.createContext("/health/ready", this::ready);
    server.start();
  }

  /**
   * Serves on {@code port} of every interface.
   *
   * @param system the actor system whose telemetry is served
   * @param port the port, 0 for a free one (see {@link #port()})
   * @return the running server; close it to stop serving
   * @throws IllegalStateException when the port cannot be bound (in use, say)
   */
  public static MetricsServer start(ClassicActorSystemProvider system, int port) {
    return start(system, new InetSocketAddress(port));
  }

  /**
   * Serves on {@code address} (e.g. {@code new InetSocketAddress("127.0.0.1", 9464)} for this host only).
   *
   * @param system the actor system whose telemetry is served
   * @param address the address and port (port 0 for a free one)
   * @return the running server; close it to stop serving
   * @throws IllegalStateException when the address cannot be bound
   */
  public static MetricsServer start(ClassicActorSystemProvider system, InetSocketAddress address) {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(address, "address");
    try {
      MetricsServer server = new MetricsServer(system, address);
      log.info("serving metrics and health on {}", server.url());
      return server;
    } catch (IOException e) {
      throw new IllegalStateException("cannot serve metrics on " + address + ": " + e.getMessage()
          + "; choose another port (0 picks a free one)", e);
    }
  }

  /** The Prometheus registry of the telemetry, added (with the JVM and process binders) when missing. */
  private static PrometheusMeterRegistry prometheusRegistry(Telemetry telemetry, List<AutoCloseable> binders) {
    synchronized (telemetry) {
      for (MeterRegistry r : telemetry.registries()) {
        if (r instanceof PrometheusMeterRegistry p) {
          return p;
        }
      }
      PrometheusMeterRegistry created = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      JvmGcMetrics gc = new JvmGcMetrics();
      binders.add(gc);
      for (MeterBinder b : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
          new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics())) {
        b.bindTo(created);
      }
      telemetry.addRegistry(created);
      return created;
    }
  }

  /** @return the port served on */
  public int port() {
    return server.getAddress().getPort();
  }

  /** @return the address of {@code /metrics}, e.g. {@code http://127.0.0.1:9464/metrics} */
  public String url() {
    InetAddress address = server.getAddress().getAddress();
    String host = address == null || address.isAnyLocalAddress() ? "127.0.0.1" : address.getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "http://" + host + ":" + port() + "/metrics";
  }

  /** @return the Prometheus registry that {@code /metrics} shows */
  public PrometheusMeterRegistry registry() {
    return prometheus;
  }

  private void metrics(HttpExchange exchange) throws IOException {
    String accept = exchange.getRequestHeaders().getFirst("Accept");
    String type = accept != null && accept.contains("application/openmetrics-text") ? OPEN_METRICS : TEXT_FORMAT;
    ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
    try {
      prometheus.scrape(body, type);
    } catch (RuntimeException e) {
      log.warn("scraping the meters failed: {}", e.toString());
      respond(exchange, 500, "text/plain; charset=utf-8", ("scrape failed: " + e).getBytes(StandardCharsets.UTF_8));
      return;
    }
    respond(exchange, 200, type, body.toByteArray());
  }

  private void live(HttpExchange exchange) throws IOException {
    boolean running = !system.classicSystem().whenTerminated().isCompleted();
    json(exchange, running ? 200 : 503, Map.of("status", running ? "UP" : "DOWN"));
  }

  private void ready(HttpExchange exchange) throws IOException {
    boolean ready = telemetry.ready();
    List<Map<String, Object>> components = new ArrayList<>();
    for (ComponentHealth h : telemetry.health()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("component", h.component());
      c.put("status", h.status().name());
      if (!h.reason().isEmpty()) {
        c.put("reason", h.reason());
      }
      if (!h.details().isEmpty()) {
        c.put("details", h.details());
      }
      components.add(c);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", ready ? "UP" : "DOWN");
    body.put("stopping", telemetry.stopping());
    body.put("components", components);
    json(exchange, ready ? 200 : 503, body);
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    respond(exchange, status, "application/json", JSON.writeValueAsBytes(body));
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /**
   * Stops serving (at once; a request in progress is cut). The Prometheus registry stays in the telemetry,
   * so a later server shows the same counters.
   */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    for (AutoCloseable b : binders) {
      try {
        b.close();
      } catch (Exception e) {
        log.debug("closing a JVM binder: {}", e.toString());
      }
    }
    binders.clear();
  }
}
