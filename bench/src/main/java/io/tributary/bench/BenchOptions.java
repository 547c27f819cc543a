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
 * @param tuning changes to the defaults of every Tributary contender
 * @param variants extra Tributary contenders, each with its own tuning on top of {@code tuning},
 *     named {@code <contender>@<variant>}, measured in the same rounds
 */
public record BenchOptions(boolean quick, OptionalInt rounds, OptionalLong records, Set<String> only,
    Tuning tuning, Map<String, Tuning> variants) {

  /** The usage text of the options. */
  public static final String USAGE = String.join(System.lineSeparator(),
      "options:",
      "  --quick                       about a tenth of the records (smoke run)",
      "  --rounds N                    measured rounds per contender; the median is reported",
      "  --records N                   records per configuration (replaces the suite's default)",
      "  --only a,b                    run only these contenders (the anchor always runs)",
      "for the Tributary contenders:",
      "  --consumer-property k=v       a Kafka consumer property (repeatable; overrides KafkaSource's defaults)",
      "  --commit-batch N              commit batch size (default 5000)",
      "  --commit-interval-ms N        commit interval (default 1000)",
      "  --parallelism N               the runner's parallelism (default 64)",
      "  --buffer-size N               the runner's buffer, its look-ahead (default 4 x parallelism)",
      "  --variant NAME:k=v[,k=v...]   also run each Tributary contender with these settings, as",
      "                                <contender>@NAME in the same rounds (repeatable); keys: commit-batch,",
      "                                commit-interval-ms, parallelism, buffer-size, or a consumer property");

  public BenchOptions {
    only = Set.copyOf(only);
    variants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variants));
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
    Tuning tuning = Tuning.NONE;
    Map<String, Tuning> variants = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!name.equals("--quick") && value == null) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(name.startsWith("--") && isKnown(name)
              ? name + " needs a value" : "unknown option '" + arg + "'");
        }
        if (isKnown(name)) {
          value = args.get(++i);
        }
      }
      switch (name) {
        case "--quick" -> quick = true;
        case "--rounds" -> rounds = OptionalInt.of(Tuning.positive(name, value));
        case "--records" -> records = OptionalLong.of(Tuning.positive(name, value));
        case "--only" -> {
          for (String s : value.split(",")) {
            if (!s.isBlank()) {
              only.add(s.strip());
            }
          }
        }
        case "--consumer-property" -> {
          int at = value.indexOf('=');
          if (at <= 0) {
            throw new IllegalArgumentException("--consumer-property needs key=value, got '" + value + "'");
          }
          tuning = tuning.with(value.substring(0, at), value.substring(at + 1));
        }
        case "--commit-batch" -> tuning = tuning.with("commit-batch", value);
        case "--commit-interval-ms" -> tuning = tuning.with("commit-interval-ms", value);
        case "--parallelism" -> tuning = tuning.with("parallelism", value);
        case "--buffer-size" -> tuning = tuning.with("buffer-size", value);
        case "--variant" -> {
          int colon = value.indexOf(':');
          if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("--variant needs NAME:key=value[,key=value...], got '" + value + "'");
          }
          Tuning variant = Tuning.NONE;
          for (String kv : value.substring(colon + 1).split(",")) {
            int at = kv.indexOf('=');
            if (at <= 0) {
              throw new IllegalArgumentException("--variant settings need key=value, got '" + kv + "'");
            }
            variant = variant.with(kv.substring(0, at).strip(), kv.substring(at + 1).strip());
          }
          variants.put(value.substring(0, colon), variant);
        }
        default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
      }
    }
    return new BenchOptions(quick, rounds, records, only, tuning, variants);
  }

  private static boolean isKnown(String name) {
    return List.of("--rounds", "--records", "--only", "--consumer-property", "--commit-batch",
        "--commit-interval-ms", "--parallelism", "--buffer-size", "--variant").contains(name);
  }

  /** @return whether the contender runs (the anchor always does; a variant runs with its base) */
  public boolean runs(String contender, String anchor) {
    int at = contender.indexOf('@');
    String base = at < 0 ? contender : contender.substring(0, at);
    return only.isEmpty() || only.contains(contender) || only.contains(base) || contender.equals(anchor);
  }

  /** @return the settings this run changed from the defaults, for the report */
  public Map<String, String> overrides() {
    Map<String, String> m = new LinkedHashMap<>(tuning.describe());
    records.ifPresent(n -> m.put("records", Long.toString(n)));
    variants.forEach((name, t) -> m.put("variant." + name, t.describe().toString()));
    return m;
  }

  /** @return the default contender (variant name null) and one per variant, with their tunings */
  public List<Map.Entry<String, Tuning>> tunings() {
    List<Map.Entry<String, Tuning>> list = new ArrayList<>();
    list.add(new java.util.AbstractMap.SimpleImmutableEntry<>(null, tuning));
    variants.forEach((name, t) -> list.add(new java.util.AbstractMap.SimpleImmutableEntry<>(name, t.over(tuning))));
    return list;
  }
}
