package io.tributary.bench.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tributary.asyncapi.validation.ValidatingDecoder;
import io.tributary.bench.BenchOptions;
import io.tributary.bench.BenchReport;
import io.tributary.bench.BenchResult;
import io.tributary.bench.BenchSuite;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.codec.PayloadValidationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.function.ToLongFunction;

/**
 * The {@code validation} suite: nanoseconds per message to decode a JSON payload into a record, for a
 * small and a nested record, by
 * <ul>
 *   <li>{@code json}, the anchor: {@link PayloadDecoder#json(Class)} (Jackson straight to the record);
 *   <li>{@code tree}: Jackson to a tree, then the tree to the record, no validation (the detour the
 *       validating decoder takes, to tell its cost from the schema check's);
 *   <li>{@code validating}: {@link ValidatingDecoder#of(Class)} (parse, check against the record's
 *       generated schema, compiled once, then decode);
 *   <li>{@code rejecting}: the same decoder on payloads with one violation each, until the
 *       {@link PayloadValidationException} (what a bad message costs before it is dead-lettered).
 * </ul>
 * Each measurement decodes every payload of a pre-encoded sample, pass after pass, for at least a
 * fixed time; the rounds alternate the contenders' order, the first rounds warm up, the median of the
 * others is reported. All contenders must decode the valid sample to equal records, or the suite fails.
 */
public final class ValidationSuite implements BenchSuite {

  private static final String ANCHOR = "json";

  /** The small payload: three scalars, about 60 bytes. */
  public record Reading(String sensor, double value, long ts) {}

  /** A nested payload's line. */
  public record Line(String sku, int qty, double price) {}

  /** A nested payload's address. */
  public record Address(String street, String city, String zip) {}

  /** A nested payload's status. */
  public enum Status { NEW, PAID, SHIPPED }

  /** The nested payload: an object, a list of five objects and an enum, about 400 bytes. */
  public record Order(long id, String customer, Address shipTo, List<Line> lines, Status status) {}

  /** A payload shape of the suite. */
  private record Shape<T>(String name, Class<T> type, IntFunction<String> valid, IntFunction<String> invalid,
      ToLongFunction<T> checksum) {}

  private static final List<Shape<?>> SHAPES = List.of(
      new Shape<>("small", Reading.class,
          i -> "{\"sensor\":\"s" + i % 100 + "\",\"value\":" + (i % 1000) / 10.0 + ",\"ts\":" + (1_700_000_000_000L + i)
              + "}",
          i -> "{\"sensor\":\"s" + i % 100 + "\",\"value\":\"" + i + "\",\"ts\":" + i + "}",
          r -> r.ts()),
      new Shape<>("nested", Order.class, ValidationSuite::order,
          i -> order(i).replace("\"qty\":" + (1 + i % 9) + ",", "\"qty\":\"many\","),
          o -> o.id() + o.lines().get(4).qty()));

  private static String order(int i) {
    StringBuilder s = new StringBuilder("{\"id\":").append(i).append(",\"customer\":\"customer-").append(i % 500)
        .append("\",\"shipTo\":{\"street\":\"").append(i % 97).append(" Harbour Road\",\"city\":\"Lisbon\",")
        .append("\"zip\":\"1100-").append(100 + i % 800).append("\"},\"lines\":[");
    for (int l = 0; l < 5; l++) {
      s.append(l == 0 ? "" : ",").append("{\"sku\":\"sku-").append((i + l) % 1000).append("\",\"qty\":")
          .append(l == 4 ? 1 + i % 9 : 1 + l).append(",\"price\":").append(9.5 + l).append('}');
    }
    return s.append("],\"status\":\"").append(Status.values()[i % 3]).append("\"}").toString();
  }

  @Override
  public String name() {
    return "validation";
  }

  @Override
  public String description() {
    return "ns per message of JSON decoding with schema validation at ingress vs plain Jackson decoding";
  }

  @Override
  public BenchReport run(BenchOptions options) throws Exception {
    int messages = (int) options.records().orElse(options.quick() ? 2_000 : 10_000);
    int warmups = options.quick() ? 1 : 2;
    int rounds = options.rounds().orElse(options.quick() ? 1 : 5);
    long minNanos = Duration.ofMillis(options.quick() ? 30 : 250).toNanos();
    List<BenchResult> results = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    for (Shape<?> shape : SHAPES) {
      measure(shape, messages, warmups, rounds, minNanos, options, results, notes);
    }
    notes.add(String.format(Locale.ROOT, "%,d distinct payloads per shape; per contender and shape %d warm-up and %d "
        + "measured rounds of at least %d ms,", messages, warmups, rounds, minNanos / 1_000_000));
    notes.add("the median reported; ratio = ns/message / the json decoder's; one thread");
    return new BenchReport(name(), ANCHOR, results, Map.of(), notes);
  }

  private static <T> void measure(Shape<T> shape, int messages, int warmups, int rounds, long minNanos,
      BenchOptions options, List<BenchResult> results, List<String> notes) throws Exception {
    byte[][] valid = new byte[messages][];
    byte[][] invalid = new byte[messages][];
    long bytes = 0;
    for (int i = 0; i < messages; i++) {
      valid[i] = shape.valid().apply(i).getBytes(StandardCharsets.UTF_8);
      invalid[i] = shape.invalid().apply(i).getBytes(StandardCharsets.UTF_8);
      bytes += valid[i].length;
    }
    long t0 = System.nanoTime();
    ValidatingDecoder<T> validating = ValidatingDecoder.of(shape.type());
    long compileNanos = System.nanoTime() - t0;
    PayloadDecoder<T> json = PayloadDecoder.json(shape.type());
    ObjectMapper treeMapper = JsonMapper.builder().build();
    PayloadDecoder<T> tree = b -> treeMapper.treeToValue(treeMapper.readTree(b), shape.type());

    Map<String, Contender> contenders = new LinkedHashMap<>();
    contenders.put(ANCHOR, () -> decodeAll(json, valid, shape.checksum()));
    if (options.runs("tree", ANCHOR)) {
      contenders.put("tree", () -> decodeAll(tree, valid, shape.checksum()));
    }
    if (options.runs("validating", ANCHOR)) {
      contenders.put("validating", () -> decodeAll(validating, valid, shape.checksum()));
    }
    if (options.runs("rejecting", ANCHOR)) {
      contenders.put("rejecting", () -> rejectAll(validating, invalid));
    }
    long expected = agree(shape, valid, json, tree, validating);

    Map<String, double[]> measured = new LinkedHashMap<>();
    contenders.keySet().forEach(name -> measured.put(name, new double[rounds]));
    List<String> order = new ArrayList<>(contenders.keySet());
    for (int round = 0; round < warmups + rounds; round++) {
      for (String name : order) {
        double ns = nanosPerMessage(contenders.get(name), name.equals("rejecting") ? messages : expected, messages,
            minNanos);
        if (round >= warmups) {
          measured.get(name)[round - warmups] = ns;
        }
      }
      Collections.reverse(order);
    }
    double anchor = median(measured.get(ANCHOR));
    for (Map.Entry<String, double[]> m : measured.entrySet()) {
      double median = median(m.getValue());
      String note = m.getKey().equals(ANCHOR)
          ? String.format(Locale.ROOT, "%.2f M msg/s on one core", 1e3 / median)
          : String.format(Locale.ROOT, "%+.0f ns over json; %.2f M msg/s", median - anchor, 1e3 / median);
      results.add(BenchResult.of(m.getKey(), Map.of("payload", shape.name()), median, "ns/msg", note));
      System.out.printf(Locale.ROOT, "%-7s %-11s %s ns/msg%n", shape.name(), m.getKey(),
          Arrays.toString(round(m.getValue())));
    }
    notes.add(String.format(Locale.ROOT, "%-6s %s, %d bytes on average; schema generated and compiled in %.1f ms",
        shape.name(), shape.type().getSimpleName(), bytes / messages, compileNanos / 1e6));
  }

  /** One pass over a sample; returns a checksum (valid) or how many were rejected (invalid). */
  @FunctionalInterface
  private interface Contender {
    long pass() throws Exception;
  }

  private static <T> long decodeAll(PayloadDecoder<T> decoder, byte[][] sample, ToLongFunction<T> checksum)
      throws Exception {
    long sum = 0;
    for (byte[] b : sample) {
      sum += checksum.applyAsLong(decoder.decode(b));
    }
    return sum;
  }

  private static long rejectAll(PayloadDecoder<?> decoder, byte[][] sample) throws Exception {
    long rejected = 0;
    for (byte[] b : sample) {
      try {
        decoder.decode(b);
      } catch (PayloadValidationException e) {
        rejected++;
      }
    }
    return rejected;
  }

  /** @return the checksum of the valid sample; fails when the decoders disagree on any payload */
  private static <T> long agree(Shape<T> shape, byte[][] valid, PayloadDecoder<T> json, PayloadDecoder<T> tree,
      PayloadDecoder<T> validating) throws Exception {
    long sum = 0;
    for (byte[] b : valid) {
      T expected = json.decode(b);
      if (!Objects.equals(expected, tree.decode(b)) || !Objects.equals(expected, validating.decode(b))) {
        throw new IllegalStateException("the decoders disagree on " + new String(b, StandardCharsets.UTF_8));
      }
      sum += shape.checksum().applyAsLong(expected);
    }
    return sum;
  }

  /** Runs passes for at least {@code minNanos}; each pass must give {@code expected}. */
  private static double nanosPerMessage(Contender contender, long expected, int messages, long minNanos)
      throws Exception {
    long passes = 0;
    long start = System.nanoTime();
    long elapsed;
    do {
      long result = contender.pass();
      if (result != expected) { // also keeps the JIT from dropping the work
        throw new IllegalStateException("expected " + expected + ", got " + result);
      }
      passes++;
      elapsed = System.nanoTime() - start;
    } while (elapsed < minNanos);
    return (double) elapsed / (passes * messages);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  private static double[] round(double[] values) {
    return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
  }
}
