package io.tributary.streams.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The type of a {@link Setting} and the rule its values keep: how a value is read from a {@link
 * Config}, what problem a value has (the text after the name in {@code commitBatchSize must be >= 1,
 * was 0}), and a description for documentation. A reader that takes values from elsewhere (a
 * pipeline file) picks its parser by {@link #kind()} and then applies {@link #problem}.
 *
 * @param <T> the Java type of the values
 */
public final class SettingType<T> {

  /** What a value is, whatever its bounds. */
  public enum Kind {
    /** a whole number (Java {@code Integer}), with {@link #min()} and {@link #max()} */
    INTEGER,
    /** a HOCON duration such as {@code 500ms} or {@code 5m} (Java {@code Duration}), with {@link #minDuration()} */
    DURATION,
    /** text (Java {@code String}) */
    STRING,
    /** {@code true} or {@code false} (Java {@code Boolean}) */
    BOOLEAN,
    /** a number (Java {@code Double}) */
    DECIMAL,
    /** a list of texts (Java {@code List<String>}) */
    STRING_LIST,
    /** an object whose values are texts (Java {@code Map<String, String>}) */
    STRING_MAP,
    /** one of {@link #choices()} */
    CHOICE
  }

  private final Kind kind;
  private final String description;
  private final Function<T, Optional<String>> rule;
  private final Function<T, Optional<String>> javaRule;
  private final long min;
  private final long max;
  private final String maxReason;
  private final Duration minDuration;
  private final boolean minInclusive;
  private final List<String> choices;
  private final Function<String, T> parseChoice;

  private SettingType(Kind kind, String description, Function<T, Optional<String>> rule,
      Function<T, Optional<String>> javaRule, long min, long max, String maxReason, Duration minDuration,
      boolean minInclusive, List<String> choices, Function<String, T> parseChoice) {
    this.kind = kind;
    this.description = description;
    this.rule = rule;
    this.javaRule = javaRule;
    this.min = min;
    this.max = max;
    this.maxReason = maxReason;
    this.minDuration = minDuration;
    this.minInclusive = minInclusive;
    this.choices = choices;
    this.parseChoice = parseChoice;
  }

  private static <T> SettingType<T> simple(Kind kind, String description, Function<T, Optional<String>> rule) {
    return new SettingType<>(kind, description, rule, rule, 0, 0, "", null, true, List.of(), null);
  }

  /** A whole number in {@code min..max}. */
  public static SettingType<Integer> integer(int min, int max) {
    return integer(min, max, "");
  }

  /**
   * A whole number in {@code min..max}; {@code maxReason} (e.g. {@code "AMQP's limit"}) follows the
   * maximum in the problem text.
   */
  public static SettingType<Integer> integer(int min, int max, String maxReason) {
    String description = max == Integer.MAX_VALUE ? "whole number >= " + min : "whole number " + min + ".." + max;
    Function<Integer, Optional<String>> rule = v -> range(v, min, max, maxReason);
    return new SettingType<>(Kind.INTEGER, description, rule, rule, min, max, maxReason, null, true, List.of(),
        null);
  }

  private static Optional<String> range(long v, long min, long max, String maxReason) {
    if (v < min) {
      return Optional.of("must be >= " + min + ", was " + v);
    }
    if (v > max) {
      return Optional.of("must be <= " + max + (maxReason.isEmpty() ? "" : " (" + maxReason + ")") + ", was " + v);
    }
    return Optional.empty();
  }

  /** A duration above zero. */
  public static SettingType<Duration> positiveDuration() {
    return duration(Duration.ZERO, false, "");
  }

  /**
   * A duration of at least (when {@code inclusive}) or above {@code min}; {@code note} (e.g. {@code
   * "0 = off"}) follows the bound in the problem text.
   */
  public static SettingType<Duration> duration(Duration min, boolean inclusive, String note) {
    String bound = (inclusive ? ">= " : "> ") + text(min) + (note.isEmpty() ? "" : " (" + note + ")");
    Function<Function<Duration, String>, Function<Duration, Optional<String>>> rule = shown -> v -> {
      int c = v.compareTo(min);
      return c < 0 || (c == 0 && !inclusive) ? Optional.of("must be " + bound + ", was " + shown.apply(v))
          : Optional.empty();
    };
    // config and pipeline readers see the value as HOCON writes it, Java code as Duration prints it
    return new SettingType<>(Kind.DURATION, "duration " + bound, rule.apply(SettingType::text),
        rule.apply(Duration::toString), 0, 0, "", min, inclusive, List.of(), null);
  }

  /** Any text, the empty one included. */
  public static SettingType<String> string() {
    return simple(Kind.STRING, "string", v -> Optional.empty());
  }

  /**
   * Text that keeps {@code rule}: it returns the problem of a value (e.g. {@code must not be empty,
   * was ''}), or empty when the value is fine.
   *
   * @param description what the text is, for documentation (e.g. {@code "NATS subject"})
   * @param rule the check
   */
  public static SettingType<String> string(String description, Function<String, Optional<String>> rule) {
    return simple(Kind.STRING, description, Objects.requireNonNull(rule, "rule"));
  }

  /** {@code true} or {@code false}. */
  public static SettingType<Boolean> bool() {
    return simple(Kind.BOOLEAN, "boolean", v -> Optional.empty());
  }

  /** A number of at least {@code min}. */
  public static SettingType<Double> decimal(double min) {
    return simple(Kind.DECIMAL, "number >= " + trim(min),
        v -> v >= min ? Optional.empty() : Optional.of("must be >= " + trim(min) + ", was " + trim(v)));
  }

  /** A list of texts. */
  public static SettingType<List<String>> stringList() {
    return simple(Kind.STRING_LIST, "list of strings", v -> Optional.empty());
  }

  /** An object of texts, e.g. client properties: {@code { "max.poll.records" = 5000 }}. */
  public static SettingType<Map<String, String>> stringMap() {
    return simple(Kind.STRING_MAP, "object of strings", v -> Optional.empty());
  }

  /** One of {@code choices}, taken as written. */
  public static SettingType<String> oneOf(String... choices) {
    List<String> all = List.of(choices);
    Function<String, Optional<String>> rule = v -> all.contains(v)
        ? Optional.empty() : Optional.of("must be one of " + String.join(", ", all) + "; was '" + v + "'");
    return new SettingType<>(Kind.CHOICE, "one of " + String.join(", ", all), rule, rule, 0, 0, "", null, true, all,
        s -> s);
  }

  /**
   * A constant of {@code type}, written in lower case with dashes ({@code ORDERED_PER_KEY} as {@code
   * ordered-per-key}); the constant's name is accepted too.
   */
  public static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type) {
    List<String> all = Arrays.stream(type.getEnumConstants()).map(SettingType::configName).collect(Collectors.toList());
    return new SettingType<>(Kind.CHOICE, "one of " + String.join(", ", all), v -> Optional.empty(),
        v -> Optional.empty(), 0, 0, "", null, true, all, s -> {
          for (E e : type.getEnumConstants()) {
            if (configName(e).equals(s) || e.name().equals(s)) {
              return e;
            }
          }
          return null;
        });
  }

  /** @return the lower-case, dashed form of an enum constant, as written in config */
  public static String configName(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** @return what a value is */
  public Kind kind() {
    return kind;
  }

  /** @return a short description for documentation, e.g. {@code whole number >= 1} */
  public String description() {
    return description;
  }

  /** @return the smallest value ({@link Kind#INTEGER}) */
  public long min() {
    return min;
  }

  /** @return the largest value ({@link Kind#INTEGER}) */
  public long max() {
    return max;
  }

  /**
   * @return what is wrong with the whole number {@code value} ({@link Kind#INTEGER}), which may lie
   *     beyond an {@code int}, or empty
   */
  public Optional<String> wholeNumberProblem(long value) {
    if (kind != Kind.INTEGER) {
      throw new IllegalStateException("not a whole number type: " + description);
    }
    return range(value, min, max, maxReason);
  }

  /** @return the bound below values ({@link Kind#DURATION}); see {@link #minInclusive()} */
  public Duration minDuration() {
    return minDuration;
  }

  /** @return whether {@link #minDuration()} itself is allowed */
  public boolean minInclusive() {
    return minInclusive;
  }

  /** @return the allowed texts ({@link Kind#CHOICE}) */
  public List<String> choices() {
    return choices;
  }

  /** @return the value named by {@code text}, one of {@link #choices()}; empty when it names none */
  public Optional<T> choice(String text) {
    return parseChoice == null ? Optional.empty() : Optional.ofNullable(parseChoice.apply(text));
  }

  /** @return what is wrong with {@code value} (e.g. {@code must be >= 1, was 0}), or empty */
  public Optional<String> problem(T value) {
    return rule.apply(Objects.requireNonNull(value, "value"));
  }

  /**
   * Returns {@code value} when it keeps the rule; for Java code, so a duration in the message prints
   * as {@link Duration#toString()} does.
   *
   * @param name what the value is, first word of the message (e.g. {@code commitBatchSize})
   * @param value the value
   * @return {@code value}
   * @throws IllegalArgumentException naming {@code name} and the problem
   * @throws NullPointerException when {@code value} is null
   */
  public T check(String name, T value) {
    Objects.requireNonNull(value, name);
    Optional<String> problem = javaRule.apply(value);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(name + " " + problem.get());
    }
    return value;
  }

  /**
   * Reads the value at {@code path} (which must be present and not null) and checks it.
   *
   * @throws ConfigException.BadValue naming {@code path} when the value has the wrong type or breaks the rule
   */
  T read(Config config, String path) {
    ConfigValue raw = config.getValue(path);
    T value;
    try {
      value = convert(config, path, raw);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw new ConfigException.BadValue(raw.origin(), path, "expected " + expected() + ", got " + got(raw));
    }
    Optional<String> problem = rule.apply(value);
    if (problem.isPresent()) {
      throw new ConfigException.BadValue(raw.origin(), path, problem.get());
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private T convert(Config config, String path, ConfigValue raw) {
    switch (kind) {
      case INTEGER: {
        long v = config.getLong(path);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw new ConfigException.BadValue(path, "out of range");
        }
        return (T) Integer.valueOf((int) v);
      }
      case DURATION:
        return (T) config.getDuration(path);
      case STRING:
        return (T) config.getString(path);
      case BOOLEAN:
        return (T) Boolean.valueOf(config.getBoolean(path));
      case DECIMAL:
        return (T) Double.valueOf(config.getDouble(path));
      case STRING_LIST:
        return (T) List.copyOf(config.getStringList(path));
      case STRING_MAP: {
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : config.getConfig(path).entrySet()) {
          ConfigValueType t = e.getValue().valueType();
          if (t == ConfigValueType.OBJECT || t == ConfigValueType.LIST) {
            throw new ConfigException.BadValue(path, "nested");
          }
          map.put(String.join(".", ConfigUtil.splitPath(e.getKey())), String.valueOf(e.getValue().unwrapped()));
        }
        return (T) Map.copyOf(map);
      }
      case CHOICE: {
        String s = config.getString(path);
        T v = parseChoice.apply(s);
        if (v == null) {
          throw new ConfigException.BadValue(path, "no choice");
        }
        return v;
      }
      default:
        throw new AssertionError(kind);
    }
  }

  private String expected() {
    switch (kind) {
      case INTEGER:
        return "a whole number";
      case DURATION:
        return "a duration such as 500ms, 10s or 5m";
      case STRING:
        return "a string";
      case BOOLEAN:
        return "true or false";
      case DECIMAL:
        return "a number";
      case STRING_LIST:
        return "a list of strings";
      case STRING_MAP:
        return "an object of strings { name = value, ... }";
      default:
        return description;
    }
  }

  private static String got(ConfigValue v) {
    switch (v.valueType()) {
      case OBJECT:
        return "an object";
      case LIST:
        return "a list";
      case STRING:
        return "the string \"" + v.unwrapped() + "\"";
      default:
        return v.valueType().name().toLowerCase(Locale.ROOT) + " " + v.unwrapped();
    }
  }

  /** @return {@code d} as HOCON writes it: {@code 0s}, {@code 250ms}, {@code 10s} */
  static String text(Duration d) {
    if (d.getNano() % 1_000_000 != 0) {
      return d.toNanos() + "ns";
    }
    return d.toMillis() % 1000 != 0 ? d.toMillis() + "ms" : d.toSeconds() + "s";
  }

  private static String trim(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  @Override
  public String toString() {
    return description;
  }
}
