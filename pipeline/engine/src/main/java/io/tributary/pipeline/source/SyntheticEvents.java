package io.tributary.pipeline.source;

import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The events of a {@code generator} source: synthetic web-service logs or metrics, the same
 * sequence for the same seed (timestamps too: {@code start + seq * step}), so tests can predict
 * them. An endless iterator; one instance per stream.
 *
 * <ul>
 *   <li>{@link Format#LOG}: {@code seq, timestamp, host, service, level, status, latency_ms,
 *       message} — levels info 70%, warn 12%, debug 10%, error 8%; errors are 500/503 and slower.
 *   <li>{@link Format#JSON_LOG}: {@code seq, timestamp, message} where {@code message} is the
 *       log event above (without seq and timestamp) as a JSON string, for {@code parse_json}; with
 *       {@code invalidEvery = n > 0} every n-th message is cut short (invalid JSON).
 *   <li>{@link Format#METRIC}: {@code seq, timestamp, name, kind, service, host, value} — gauges
 *       and monotonically growing counters.
 * </ul>
 */
public final class SyntheticEvents implements Iterator<Event> {

  /** What the generator emits. */
  public enum Format {
    /** Structured log events. */
    LOG("log"),
    /** Log events as JSON text in {@code message}. */
    JSON_LOG("json_log"),
    /** Metric samples. */
    METRIC("metric");

    private final String configName;

    Format(String configName) {
      this.configName = configName;
    }

    /** @return the name in configs */
    public String configName() {
      return configName;
    }

    /** @return the format called {@code name} in configs */
    public static Format of(String name) {
      for (Format f : values()) {
        if (f.configName.equals(name)) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown format '" + name + "'");
    }
  }

  private static final List<String> LOG_FIELDS =
      List.of("host", "service", "level", "status", "latency_ms", "message");
  private static final List<String> SERVICES = List.of("api", "auth", "billing", "search", "checkout");
  private static final List<String> HOSTS = List.of("host-1", "host-2", "host-3", "host-4");
  private static final List<String> REQUESTS = List.of("GET /api/orders", "POST /api/orders", "GET /api/users",
      "GET /api/search", "POST /api/login", "GET /api/cart");
  private static final List<String> METRICS = List.of("cpu_usage_percent", "memory_used_bytes",
      "http_requests_total", "queue_depth");
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Format format;
  private final SplittableRandom random;
  private final Instant start;
  private final Duration step;
  private final long invalidEvery;
  private final Map<String, Double> counters = new HashMap<>();
  private long seq;

  /**
   * @param format what to emit
   * @param seed the random seed: the same seed gives the same events
   * @param start the timestamp of event 0
   * @param step the time between two events' timestamps
   * @param invalidEvery for {@link Format#JSON_LOG}: every n-th message is invalid JSON (0: none)
   */
  public SyntheticEvents(Format format, long seed, Instant start, Duration step, long invalidEvery) {
    this.format = format;
    this.random = new SplittableRandom(seed);
    this.start = start;
    this.step = step;
    this.invalidEvery = invalidEvery;
  }

  /** @return the fields of the events in {@code format} */
  public static FieldSet fields(Format format) {
    switch (format) {
      case LOG: {
        List<String> all = new ArrayList<>(List.of("seq", "timestamp"));
        all.addAll(LOG_FIELDS);
        return FieldSet.of(all);
      }
      case JSON_LOG:
        return FieldSet.of("seq", "timestamp", "message").withJson("message", FieldSet.of(LOG_FIELDS));
      default:
        return FieldSet.of("seq", "timestamp", "name", "kind", "service", "host", "value");
    }
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public Event next() {
    long n = seq++;
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("seq", n);
    fields.put("timestamp", TIMESTAMP.format(start.plus(step.multipliedBy(n))));
    switch (format) {
      case LOG:
        fields.putAll(log());
        break;
      case JSON_LOG: {
        String json = Event.of(log()).toJson();
        if (invalidEvery > 0 && (n + 1) % invalidEvery == 0) {
          json = json.substring(0, json.length() / 2); // cut short: not valid JSON
        }
        fields.put("message", json);
        break;
      }
      default:
        fields.putAll(metric());
        break;
    }
    return Event.of(fields);
  }

  private Map<String, Object> log() {
    String host = pick(HOSTS);
    String service = pick(SERVICES);
    double r = random.nextDouble();
    String level = r < 0.08 ? "error" : r < 0.20 ? "warn" : r < 0.30 ? "debug" : "info";
    long status;
    double meanLatency;
    switch (level) {
      case "error":
        status = random.nextBoolean() ? 500 : 503;
        meanLatency = 400;
        break;
      case "warn":
        status = random.nextBoolean() ? 404 : 429;
        meanLatency = 150;
        break;
      default:
        status = random.nextInt(10) == 0 ? 201 : 200;
        meanLatency = 80;
        break;
    }
    long latency = Math.min(5000, 1 + (long) (-Math.log(1 - random.nextDouble()) * meanLatency));
    String request = pick(REQUESTS);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("host", host);
    fields.put("service", service);
    fields.put("level", level);
    fields.put("status", status);
    fields.put("latency_ms", latency);
    fields.put("message", request + " " + status + " " + latency + "ms");
    return fields;
  }

  private Map<String, Object> metric() {
    String name = pick(METRICS);
    String service = pick(SERVICES);
    String host = pick(HOSTS);
    String kind = name.endsWith("_total") ? "counter" : "gauge";
    double value;
    switch (name) {
      case "cpu_usage_percent":
        value = Math.round(random.nextDouble() * 1000) / 10.0;
        break;
      case "memory_used_bytes":
        value = 256L * 1024 * 1024 + random.nextInt(512) * 1024L * 1024;
        break;
      case "http_requests_total":
        value = counters.merge(service + "/" + host, (double) (1 + random.nextInt(50)), Double::sum);
        break;
      default:
        value = random.nextInt(200);
        break;
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("name", name);
    fields.put("kind", kind);
    fields.put("service", service);
    fields.put("host", host);
    fields.put("value", value);
    return fields;
  }

  private String pick(List<String> values) {
    return values.get(random.nextInt(values.size()));
  }
}
