package io.tributary.pipeline.config;

import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One option of a pipeline component, declared once: its name in pipeline files and the library
 * {@link Setting} it sets, whose type, bounds, default and documentation ({@code reference.conf})
 * it takes; or, for an option without a library setting (a required part such as a topic, or a
 * choice of the pipeline component itself), its type and documentation. {@link #read} validates the
 * option from there, with the pipeline's messages, and {@link ComponentOptions} renders the option
 * reference from the same declarations.
 *
 * @param <T> the Java type of the values
 */
public final class OptionSpec<T> {

  private final String name;
  private final SettingType<T> type;
  private final Setting<T> setting;
  private final boolean setsSetting;
  private final ChronoUnit unit;
  private final boolean required;
  private final String doc;

  private OptionSpec(String name, SettingType<T> type, Setting<T> setting, boolean setsSetting, ChronoUnit unit,
      boolean required, String doc) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    this.setting = setting;
    this.setsSetting = setsSetting;
    this.unit = unit;
    this.required = required;
    this.doc = doc;
    if (type.kind() == SettingType.Kind.DURATION && unit == null) {
      throw new IllegalArgumentException("option " + name + ": a duration is written as a whole number of a unit "
          + "in pipeline files (e.g. " + name + "_ms): give the unit");
    }
  }

  /**
   * The option {@code name} sets the library setting {@code setting}; absent, the setting's value in
   * the running system's config applies (the component reads it there).
   */
  public static <T> OptionSpec<T> of(String name, Setting<T> setting) {
    return new OptionSpec<>(name, setting.type(), setting, true, null, false, null);
  }

  /**
   * The option {@code name} sets the duration {@code setting} as a whole number of {@code unit}
   * (e.g. {@code commit_interval_ms}); absent, the setting's default applies.
   */
  public static OptionSpec<Duration> of(String name, Setting<Duration> setting, ChronoUnit unit) {
    return new OptionSpec<>(name, setting.type(), setting, true, Objects.requireNonNull(unit, "unit"), false, null);
  }

  /**
   * An option of the pipeline component itself, without a library setting, whose fixed default and
   * documentation are those of {@code defaults} in the pipeline module's {@code reference.conf}
   * (under {@code tributary.pipeline}).
   */
  public static <T> OptionSpec<T> withDefault(String name, Setting<T> defaults) {
    return new OptionSpec<>(name, defaults.type(), defaults, false, null, false, null);
  }

  /** A required option without a library setting (e.g. a topic). */
  public static <T> OptionSpec<T> required(String name, SettingType<T> type, String doc) {
    return new OptionSpec<>(name, type, null, false, null, true, Objects.requireNonNull(doc, "doc"));
  }

  /** An option without a library setting or default: absent, it is off ({@code doc} says what that means). */
  public static <T> OptionSpec<T> optional(String name, SettingType<T> type, String doc) {
    return new OptionSpec<>(name, type, null, false, null, false, Objects.requireNonNull(doc, "doc"));
  }

  /** @return the name in pipeline files, e.g. {@code commit_batch} */
  public String name() {
    return name;
  }

  /** @return the type and its rule */
  public SettingType<T> type() {
    return type;
  }

  /** @return the library setting the option sets, if any */
  public Optional<Setting<T>> setting() {
    return setsSetting ? Optional.of(setting) : Optional.empty();
  }

  /**
   * @return the setting whose {@code reference.conf} entry gives the option's default and
   *     documentation: the library setting it sets, or the pipeline's own ({@link #withDefault})
   */
  public Optional<Setting<T>> defaults() {
    return Optional.ofNullable(setting);
  }

  /** @return the unit of a duration option written as a whole number */
  public Optional<ChronoUnit> unit() {
    return Optional.ofNullable(unit);
  }

  /** @return whether a component of this type needs the option */
  public boolean required() {
    return required;
  }

  /** @return the one-line documentation (the setting's, from {@code reference.conf}) */
  public String doc() {
    return setting != null ? setting.doc() : doc;
  }

  /** @return the default ({@code reference.conf}); empty for a required option or one that is off by default */
  public Optional<T> defaultValue() {
    return setting == null ? Optional.empty() : setting.defaultValue();
  }

  /** @return the type as the option reference shows it, e.g. {@code whole number >= 1} or {@code milliseconds >= 1} */
  public String typeText() {
    if (unit != null) {
      return unitName() + " >= " + minUnits();
    }
    return type.description();
  }

  /** @return the default as the option reference shows it: {@code required}, a value, or {@code none} */
  public String defaultText() {
    if (required) {
      return "required";
    }
    if (setting == null) {
      return "none";
    }
    if (unit != null) {
      return defaultValue().map(d -> Long.toString(units((Duration) d))).orElseGet(setting::defaultText);
    }
    return setting.defaultText();
  }

  /**
   * Reads the option from {@code options}, recording every problem there with the option's path:
   * {@code missing (required for type 'kafka')}, {@code expected a number, got ...}, {@code must be
   * >= 1, was 0}, or the rule of the type.
   *
   * @return the value; empty when absent, or invalid (recorded), or missing and required (recorded)
   */
  @SuppressWarnings("unchecked")
  public Optional<T> read(Options options) {
    int before = options.errors().size();
    if (!options.has(name)) {
      if (required && type.kind() == SettingType.Kind.STRING) {
        options.requiredString(name); // records the message every required string option gives
      } else if (required) {
        options.error(name, "missing (required for type '" + options.type() + "')");
      }
      return Optional.empty();
    }
    Object value;
    switch (type.kind()) {
      case INTEGER:
        value = wholeNumber(options);
        break;
      case DURATION:
        OptionalLong n = options.optionalLong(name, minUnits());
        value = n.isPresent() ? Duration.of(n.getAsLong(), unit) : null;
        break;
      case STRING:
        value = options.string(name, null);
        break;
      case BOOLEAN:
        value = options.bool(name, false);
        break;
      case DECIMAL:
        value = options.doubleValue(name, Double.NaN, Double.NEGATIVE_INFINITY, true);
        break;
      case STRING_LIST:
        value = options.stringList(name, required);
        break;
      case STRING_MAP:
        value = options.stringMap(name);
        break;
      case CHOICE:
        String text = options.choice(name, null, type.choices());
        value = text == null ? null : type.choice(text).orElse(null);
        break;
      default:
        throw new AssertionError(type.kind());
    }
    if (value == null || options.errors().size() > before) {
      return Optional.empty();
    }
    T typed = (T) value;
    Optional<String> problem = type.problem(typed);
    if (problem.isPresent()) {
      options.error(name, problem.get());
      return Optional.empty();
    }
    return Optional.of(typed);
  }

  /**
   * Reads the option like {@link #read}, with the setting's default when it is absent or invalid.
   *
   * @return the value, or the default; {@code null} when there is neither
   */
  public T readOrDefault(Options options) {
    return read(options).or(this::defaultValue).orElse(null);
  }

  private Integer wholeNumber(Options options) {
    OptionalLong n = options.optionalLong(name, Long.MIN_VALUE);
    if (n.isEmpty()) {
      return null;
    }
    Optional<String> problem = type.wholeNumberProblem(n.getAsLong());
    if (problem.isPresent()) {
      options.error(name, problem.get());
      return null;
    }
    return (int) n.getAsLong();
  }

  /** The smallest whole number of the unit that keeps the duration's lower bound. */
  private long minUnits() {
    long min = units(type.minDuration());
    boolean exact = Duration.of(min, unit).equals(type.minDuration());
    return exact && type.minInclusive() ? min : min + 1;
  }

  private long units(Duration d) {
    return d.dividedBy(unit.getDuration());
  }

  private String unitName() {
    switch (unit) {
      case MILLIS:
        return "milliseconds";
      case SECONDS:
        return "seconds";
      default:
        return unit.toString().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public String toString() {
    return name + (setting != null ? " (" + setting.path() + ")" : "");
  }
}
