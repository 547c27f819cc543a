package io.tributary.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The options after the suite name. Only {@code --quick} is needed for the published runs; the
 * others are for experiments (the overrides show up in the table and in the JSON line).
 *
 * @param quick about a tenth of the records, for a smoke run
 * @param rounds measured rounds per contender (the value reported is their median), if given
 * @param records records per configuration, if given (replaces the suite's size)
 * @param only contenders to run (the anchor always runs); empty = all
 * @param consumerProperties Kafka consumer properties given to Tributary's source in every
 *     Tributary contender (they override KafkaSource's defaults)
 * @param commitBatchSize Tributary's commit batch size, if given
 * @param commitIntervalMillis Tributary's commit interval, if given
 * @param parallelism the runner's parallelism, if given
 * @param bufferSize the runner's buffer (look-ahead) size, if given
 */
public record BenchOptions(boolean quick, OptionalInt rounds, OptionalLong records, Set<String> only,
    Map<String, String> consumerProperties, OptionalInt commitBatchSize, OptionalLong commitIntervalMillis,
    OptionalInt parallelism, OptionalInt bufferSize) {

  /** The usage text of the options. */
  public static final String USAGE = String.join(System.lineSeparator(),
      "options:",
      "  --quick                       about a tenth of the records (smoke run)",
      "  --rounds N                    measured rounds per contender; the median is reported",
      "  --records N                   records per configuration (replaces the suite's default)",
      "  --only a,b                    run only these contenders (the anchor always runs)",
      "  --consumer-property k=v       Kafka consumer property for the Tributary contenders (repeatable)",
      "  --commit-batch N              Tributary commit batch size (default 5000)",
      "  --commit-interval-ms N        Tributary commit interval (default 1000)",
      "  --parallelism N               the Tributary runner's parallelism (default 64)",
      "  --buffer-size N               the Tributary runner's buffer, its look-ahead (default 4 x parallelism)");

  public BenchOptions {
    only = Set.copyOf(only);
    consumerProperties = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(consumerProperties));
  }

  /**
   * Parses the options.
   *
   * @throws IllegalArgumentException with a message for the user on an unknown or malformed option
   */
  public static BenchOptions parse(List<String> args) {
    boolean quick = false;
    OptionalInt rounds = OptionalInt.empty();
    OptionalLong records = OptionalLong.empty();
    Set<String> only = new LinkedHashSet<>();
    Map<String, String> props = new LinkedHashMap<>();
    OptionalInt commitBatch = OptionalInt.empty();
    OptionalLong commitInterval = OptionalLong.empty();
    OptionalInt parallelism = OptionalInt.empty();
    OptionalInt bufferSize = OptionalInt.empty();
    List<String> rest = new ArrayList<>(args);
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      String name = arg;
      String inline = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0 && !arg.startsWith("--consumer-property=") ) {
        name = arg.substring(0, eq);
        inline = arg.substring(eq + 1);
      } else if (arg.startsWith("--consumer-property=")) {
        name = "--consumer-property";
        inline = arg.substring("--consumer-property=".length());
      }
      switch (name) {
        case "--quick" -> quick = true;
        case "--rounds" -> rounds = OptionalInt.of(positiveInt(name, inline != null ? inline : next(rest, ++i, name)));
        case "--records" -> records = OptionalLong.of(positiveInt(name, inline != null ? inline : next(rest, ++i, name)));
        case "--only" -> {
          for (String s : (inline != null ? inline : next(rest, ++i, name)).split(",")) {
            if (!s.isBlank()) {
              only.add(s.strip());
            }
          }
        }
        case "--consumer-property" -> {
          String kv = inline != null ? inline : next(rest, ++i, name);
          int at = kv.indexOf('=');
          if (at <= 0) {
            throw new IllegalArgumentException("--consumer-property needs key=value, got '" + kv + "'");
          }
          props.put(kv.substring(0, at), kv.substring(at + 1));
        }
        case "--commit-batch" -> commitBatch = OptionalInt.of(positiveInt(name, inline != null ? inline : next(rest, ++i, name)));
        case "--commit-interval-ms" -> commitInterval = OptionalLong.of(positiveInt(name, inline != null ? inline : next(rest, ++i, name)));
        case "--parallelism" -> parallelism = OptionalInt.of(positiveInt(name, inline != null ? inline : next(rest, ++i, name)));
        case "--buffer-size" -> bufferSize = OptionalInt.of(positiveInt(name, inline != null ? inline : next(rest, ++i, name)));
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    return new BenchOptions(quick, rounds, records, only, props, commitBatch, commitInterval, parallelism,
        bufferSize);
  }

  private static String next(List<String> args, int i, String name) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args.get(i);
  }

  private static int positiveInt(String name, String value) {
    try {
      int n = Integer.parseInt(value.replace("_", "").replace(",", ""));
      if (n < 1) {
        throw new IllegalArgumentException(name + " must be >= 1, got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " needs a positive integer, got '" + value + "'");
    }
  }

  /** @return the runner's processing settings: {@code base} with this run's parallelism and buffer size, if given */
  public io.tributary.streams.processing.ProcessingSettings processing(
      io.tributary.streams.processing.ProcessingSettings base) {
    io.tributary.streams.processing.ProcessingSettings s = base;
    if (parallelism.isPresent()) {
      s = s.withParallelism(parallelism.getAsInt());
    }
    if (bufferSize.isPresent()) {
      s = s.withBufferSize(bufferSize.getAsInt());
    }
    return s;
  }

  /** @return whether the contender runs (the anchor always does) */
  public boolean runs(String contender, String anchor) {
    return only.isEmpty() || only.contains(contender) || contender.equals(anchor);
  }

  /** @return the settings this run changed from the defaults, for the report */
  public Map<String, String> overrides() {
    Map<String, String> m = new LinkedHashMap<>();
    consumerProperties.forEach((k, v) -> m.put("consumer." + k, v));
    commitBatchSize.ifPresent(n -> m.put("commitBatchSize", Integer.toString(n)));
    commitIntervalMillis.ifPresent(n -> m.put("commitIntervalMs", Long.toString(n)));
    parallelism.ifPresent(n -> m.put("parallelism", Integer.toString(n)));
    bufferSize.ifPresent(n -> m.put("bufferSize", Integer.toString(n)));
    records.ifPresent(n -> m.put("records", Long.toString(n)));
    return m;
  }
}
