package io.tributary.pipeline.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.tributary.pipeline.condition.Condition;
import io.tributary.pipeline.condition.ConditionException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The options of one component, read with typed getters that record every problem in a {@link
 * ConfigErrors} (with the path {@code <section>.<name>.<option>}) instead of throwing, and that
 * remember which options the component's type knows: {@link #reportUnknownKeys()} then flags every
 * other key, so a misspelt option is an error rather than silently ignored. A getter returns a
 * fallback value (its default, {@code null}) after recording a problem, so validation goes on and
 * reports everything at once.
 */
public final class Options {

  private final ComponentRef ref;
  private final String type;
  private final ConfigObject object;
  private final ConfigErrors errors;
  private final Set<String> known = new TreeSet<>();
  private final int errorsBefore;

  /**
   * @param ref the component
   * @param type its type, for messages
   * @param object its config object (with {@code type} and {@code inputs})
   * @param errors where problems go
   */
  public Options(ComponentRef ref, String type, ConfigObject object, ConfigErrors errors) {
    this.ref = ref;
    this.type = type;
    this.object = object;
    this.errors = errors;
    this.errorsBefore = errors.size();
    known.add("type");
  }

  /** @return the component */
  public ComponentRef ref() {
    return ref;
  }

  /** @return the component's type */
  public String type() {
    return type;
  }

  /** @return the error collector (for checks across options) */
  public ConfigErrors errors() {
    return errors;
  }

  /** @return whether any problem was recorded since these options were created */
  public boolean hasErrors() {
    return errors.size() > errorsBefore;
  }

  /** @return {@code <section>.<name>.<key>} */
  public String path(String key) {
    return ref.path(key);
  }

  /** Records a problem with option {@code key}. */
  public void error(String key, String problem) {
    errors.add(path(key), problem);
  }

  /** Declares {@code key} an option of this type without reading it. */
  public void declare(String key) {
    known.add(key);
  }

  /** @return whether the option is set (and declares it known) */
  public boolean has(String key) {
    known.add(key);
    ConfigValue v = object.get(key);
    return v != null && v.valueType() != ConfigValueType.NULL;
  }

  private ConfigValue value(String key) {
    known.add(key);
    ConfigValue v = object.get(key);
    return v == null || v.valueType() == ConfigValueType.NULL ? null : v;
  }

  private void missing(String key) {
    error(key, "missing (required for type '" + type + "')");
  }

  private static String got(ConfigValue v) {
    switch (v.valueType()) {
      case OBJECT:
        return "an object";
      case LIST:
        return "a list";
      case STRING:
        return "the string \"" + v.unwrapped() + "\"";
      case BOOLEAN:
        return "the boolean " + v.unwrapped();
      case NUMBER:
        return "the number " + v.unwrapped();
      default:
        return "null";
    }
  }

  /** @return the string option, or {@code null} (recorded) when missing */
  public String requiredString(String key) {
    ConfigValue v = value(key);
    if (v == null) {
      missing(key);
      return null;
    }
    return asString(key, v);
  }

  /** @return the string option, or {@code fallback} when absent */
  public String string(String key, String fallback) {
    ConfigValue v = value(key);
    if (v == null) {
      return fallback;
    }
    String s = asString(key, v);
    return s == null ? fallback : s;
  }

  /** @return the string option, if set */
  public Optional<String> optionalString(String key) {
    return Optional.ofNullable(string(key, null));
  }

  private String asString(String key, ConfigValue v) {
    if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
      error(key, "expected a string, got " + got(v));
      return null;
    }
    String s = String.valueOf(v.unwrapped());
    if (s.isEmpty()) {
      error(key, "must not be empty");
      return null;
    }
    return s;
  }

  /** @return the option, one of {@code allowed}; {@code fallback} when absent or invalid (recorded) */
  public String choice(String key, String fallback, List<String> allowed) {
    String s = string(key, null);
    if (s == null) {
      return fallback;
    }
    if (!allowed.contains(s)) {
      error(key, "must be one of " + String.join(", ", allowed) + "; was '" + s + "'");
      return fallback;
    }
    return s;
  }

  /** @return the integer option, at least {@code min}; {@code fallback} when absent or invalid */
  public long longValue(String key, long fallback, long min) {
    OptionalLong v = optionalLong(key, min);
    return v.isPresent() ? v.getAsLong() : fallback;
  }

  /** @return the integer option, at least {@code min}, if set and valid */
  public OptionalLong optionalLong(String key, long min) {
    ConfigValue v = value(key);
    if (v == null) {
      return OptionalLong.empty();
    }
    Number n = asNumber(key, v);
    if (n == null) {
      return OptionalLong.empty();
    }
    if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Long.MAX_VALUE) {
      error(key, "expected a whole number, got " + got(v));
      return OptionalLong.empty();
    }
    long l = n.longValue();
    if (l < min) {
      error(key, "must be >= " + min + ", was " + l);
      return OptionalLong.empty();
    }
    return OptionalLong.of(l);
  }

  /**
   * @return the number option, above {@code min} (or at least, when {@code minInclusive}); {@code
   *     fallback} when absent or invalid
   */
  public double doubleValue(String key, double fallback, double min, boolean minInclusive) {
    ConfigValue v = value(key);
    if (v == null) {
      return fallback;
    }
    Number n = asNumber(key, v);
    if (n == null) {
      return fallback;
    }
    double d = n.doubleValue();
    if (Double.isNaN(d) || (minInclusive ? d < min : d <= min)) {
      error(key, "must be " + (minInclusive ? ">= " : "> ") + trim(min) + ", was " + trim(d));
      return fallback;
    }
    return d;
  }

  private static String trim(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private Number asNumber(String key, ConfigValue v) {
    if (v.valueType() == ConfigValueType.NUMBER) {
      return (Number) v.unwrapped();
    }
    if (v.valueType() == ConfigValueType.STRING) {
      try {
        return Double.parseDouble((String) v.unwrapped());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    error(key, "expected a number, got " + got(v));
    return null;
  }

  /** @return the boolean option; {@code fallback} when absent or invalid (recorded) */
  public boolean bool(String key, boolean fallback) {
    ConfigValue v = value(key);
    if (v == null) {
      return fallback;
    }
    if (v.valueType() == ConfigValueType.BOOLEAN) {
      return (Boolean) v.unwrapped();
    }
    if (v.valueType() == ConfigValueType.STRING) {
      String s = (String) v.unwrapped();
      if (s.equals("true") || s.equals("yes") || s.equals("on")) {
        return true;
      }
      if (s.equals("false") || s.equals("no") || s.equals("off")) {
        return false;
      }
    }
    error(key, "expected true or false, got " + got(v));
    return fallback;
  }

  /** @return the option as an instant (ISO-8601, e.g. {@code 2024-01-01T00:00:00Z}), if set and valid */
  public Optional<Instant> instant(String key) {
    String s = string(key, null);
    if (s == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(s));
    } catch (DateTimeParseException e) {
      error(key, "expected an ISO-8601 instant such as 2024-01-01T00:00:00Z, got '" + s + "'");
      return Optional.empty();
    }
  }

  /**
   * @return the list of strings (a single string counts as a list of one); empty when absent (and
   *     recorded when {@code required}) or invalid
   */
  public List<String> stringList(String key, boolean required) {
    ConfigValue v = value(key);
    if (v == null) {
      if (required) {
        missing(key);
      }
      return List.of();
    }
    if (v.valueType() == ConfigValueType.STRING) {
      return List.of((String) v.unwrapped());
    }
    if (v.valueType() != ConfigValueType.LIST) {
      error(key, "expected a list of strings, got " + got(v));
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (ConfigValue item : (ConfigList) v) {
      if (item.valueType() == ConfigValueType.OBJECT || item.valueType() == ConfigValueType.LIST
          || item.valueType() == ConfigValueType.NULL) {
        error(key, "expected a list of strings, got an element that is " + got(item));
        return List.of();
      }
      result.add(String.valueOf(item.unwrapped()));
    }
    if (required && result.isEmpty()) {
      error(key, "must not be empty");
    }
    return result;
  }

  /** @return the object option with its values unwrapped (maps, lists, strings, numbers), in config order */
  public Map<String, Object> object(String key) {
    ConfigValue v = value(key);
    if (v == null) {
      return Map.of();
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      error(key, "expected an object { name = value, ... }, got " + got(v));
      return Map.of();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    ConfigObject o = (ConfigObject) v;
    for (String k : new TreeSet<>(o.keySet())) {
      result.put(k, o.get(k).unwrapped());
    }
    return result;
  }

  /** @return the object option whose values must all be strings (numbers and booleans as text) */
  public Map<String, String> stringMap(String key) {
    Map<String, String> result = new LinkedHashMap<>();
    ConfigValue v = value(key);
    if (v == null) {
      return result;
    }
    if (v.valueType() != ConfigValueType.OBJECT) {
      error(key, "expected an object { name = value, ... }, got " + got(v));
      return result;
    }
    ConfigObject o = (ConfigObject) v;
    for (String k : new TreeSet<>(o.keySet())) {
      ConfigValue item = o.get(k);
      if (item.valueType() == ConfigValueType.OBJECT || item.valueType() == ConfigValueType.LIST
          || item.valueType() == ConfigValueType.NULL) {
        errors.add(path(key) + "." + k, "expected a string, got " + got(item));
      } else {
        result.put(k, String.valueOf(item.unwrapped()));
      }
    }
    return result;
  }

  /**
   * @return the required condition option, compiled (CEL, see {@link Condition}); {@code null}
   *     (recorded) when missing or invalid
   */
  public Condition condition(String key) {
    String text = requiredString(key);
    return text == null ? null : parseCondition(path(key), text);
  }

  /**
   * Compiles {@code text} as a condition, once, at validation.
   *
   * @return the condition; {@code null} when invalid, with an error at {@code path} such as {@code
   *     syntax error at column 9: ... in "level =="} or {@code type error at column 17: ... in "..."}
   */
  public Condition parseCondition(String path, String text) {
    try {
      return Condition.parse(text);
    } catch (ConditionException e) {
      errors.add(path, e.kind() + " " + e.getMessage() + " in \"" + text + "\"");
      return null;
    }
  }

  /** Records every key the type does not know as an error, naming the options it does know. */
  public void reportUnknownKeys() {
    for (String key : new TreeSet<>(object.keySet())) {
      if (!known.contains(key)) {
        error(key, "unknown option for type '" + type + "' ("
            + Suggestions.closest(key, known).map(c -> "did you mean '" + c + "'? ").orElse("")
            + "options: " + String.join(", ", known) + ")");
      }
    }
  }
}
