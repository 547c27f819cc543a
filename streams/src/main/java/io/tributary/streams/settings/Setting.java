package io.tributary.streams.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One setting, declared once: its config path (e.g. {@code tributary.kafka.commit-batch-size}) and
 * its {@link SettingType}. Its default and its one-line documentation live in the module's {@code
 * reference.conf} only, as the value and the comment above it (Pekko's convention): a settings class
 * reads every value through its settings with {@link #read}, so an application overrides a default
 * in its {@code application.conf}, and tools derive validation and documentation from the same
 * declaration.
 *
 * <p>An {@linkplain #optional optional} setting may have no value: {@code null} in HOCON, or
 * {@code off} for one that is not a string or a boolean.
 *
 * @param <T> the Java type of the values
 */
public final class Setting<T> {

  private final String path;
  private final SettingType<T> type;
  private final boolean optional;

  private Setting(String path, SettingType<T> type, boolean optional) {
    this.path = Objects.requireNonNull(path, "path");
    if (ConfigUtil.splitPath(path).size() < 2) {
      throw new IllegalArgumentException("a setting path needs a section and a key, was '" + path + "'");
    }
    this.type = Objects.requireNonNull(type, "type");
    this.optional = optional;
  }

  /** A setting that always has a value; its default is in {@code reference.conf}. */
  public static <T> Setting<T> of(String path, SettingType<T> type) {
    return new Setting<>(path, type, false);
  }

  /** A setting that may have no value ({@code null}, or {@code off}); its default is in {@code reference.conf}. */
  public static <T> Setting<T> optional(String path, SettingType<T> type) {
    return new Setting<>(path, type, true);
  }

  /** @return the full config path, e.g. {@code tributary.kafka.commit-batch-size} */
  public String path() {
    return path;
  }

  /** @return the last key of the path, e.g. {@code commit-batch-size} */
  public String name() {
    List<String> keys = ConfigUtil.splitPath(path);
    return keys.get(keys.size() - 1);
  }

  /** @return the name in Java's spelling, e.g. {@code commitBatchSize}, as problems name it */
  public String javaName() {
    StringBuilder b = new StringBuilder();
    boolean upper = false;
    for (char c : name().toCharArray()) {
      if (c == '-' || c == '_') {
        upper = true;
      } else {
        b.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return b.toString();
  }

  /** @return the type and its rule */
  public SettingType<T> type() {
    return type;
  }

  /** @return whether the setting may have no value */
  public boolean isOptional() {
    return optional;
  }

  /**
   * Reads the setting from {@code config}, or from {@code reference.conf} when {@code config} does not
   * set it (as Typesafe Config loads it: a {@code -D} system property of the same path overrides it).
   *
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @return the value
   * @throws ConfigException.BadValue naming the path, when the value has the wrong type or breaks the rule
   * @throws IllegalStateException when neither {@code config} nor {@code reference.conf} has a value
   *     (a module's reference.conf is missing), or an optional setting is off (read those with {@link #find})
   */
  public T read(Config config) {
    return find(config).orElseThrow(() -> new IllegalStateException(path + " is off: read an optional setting "
        + "with find()"));
  }

  /**
   * Reads the setting like {@link #read}, empty when it has no value ({@code null}, or {@code off}
   * for an optional setting that is not a string or a boolean).
   *
   * @param config the application's config
   * @return the value, if any
   * @throws ConfigException.BadValue naming the path, when the value has the wrong type or breaks the rule
   * @throws IllegalStateException when a setting that is not optional has no value, not even in reference.conf
   */
  public Optional<T> find(Config config) {
    Config source = config.hasPathOrNull(path) ? config : reference();
    if (!source.hasPathOrNull(path)) {
      if (optional) {
        return Optional.empty();
      }
      throw new IllegalStateException("no value for " + path + " and no default in reference.conf: is the "
          + "module's reference.conf on the classpath (merged with the others, in a fat jar)?");
    }
    if (source.getIsNull(path)) {
      if (optional) {
        return Optional.empty();
      }
      throw new ConfigException.BadValue(raw(source).origin(), path, "must be set (not null)");
    }
    if (optional && isOff(raw(source))) {
      return Optional.empty();
    }
    return Optional.of(type.read(source, path));
  }

  private boolean isOff(ConfigValue v) {
    if (type.kind() == SettingType.Kind.STRING || type.kind() == SettingType.Kind.BOOLEAN) {
      return false;
    }
    Object u = v.unwrapped();
    return Boolean.FALSE.equals(u) || "off".equals(u) || "false".equals(u);
  }

  /** @return the default from {@code reference.conf}; empty when it is off, or when there is none */
  public Optional<T> defaultValue() {
    return reference().hasPathOrNull(path) ? find(reference()) : Optional.empty();
  }

  /**
   * @return the default as {@code reference.conf} writes it, for documentation ({@code 5000}, {@code
   *     1s}, {@code ".dlq"}), {@code none} when there is none
   */
  public String defaultText() {
    ConfigValue v = raw(reference());
    if (v == null || v.valueType() == ConfigValueType.NULL) {
      return "none";
    }
    if (optional && isOff(v)) {
      return "off";
    }
    boolean quoted = type.kind() == SettingType.Kind.STRING || v.valueType() == ConfigValueType.LIST
        || v.valueType() == ConfigValueType.OBJECT;
    return quoted ? v.render(ConfigRenderOptions.concise()) : String.valueOf(v.unwrapped());
  }

  /** @return the one-line documentation: the comment above the key in {@code reference.conf} */
  public String doc() {
    ConfigValue v = raw(reference());
    if (v == null) {
      return "";
    }
    return v.origin().comments().stream().map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.joining(" "));
  }

  /**
   * @return {@code value} when it keeps the type's rule
   * @throws IllegalArgumentException naming the setting in Java's spelling, e.g. {@code commitBatchSize
   *     must be >= 1, was 0}
   * @throws NullPointerException when {@code value} is null
   */
  public T check(T value) {
    return type.check(javaName(), value);
  }

  /**
   * @return {@code value} when it is null (no value) or keeps the type's rule; only for an optional setting
   * @throws IllegalArgumentException naming the setting in Java's spelling
   */
  public T checkOptional(T value) {
    if (!optional) {
      throw new IllegalStateException(path + " is not optional");
    }
    return value == null ? null : check(value);
  }

  /** The value at the path as written, a null included; {@code null} when there is none. */
  private ConfigValue raw(Config config) {
    ConfigValue v = config.root();
    for (String key : ConfigUtil.splitPath(path)) {
      if (!(v instanceof ConfigObject)) {
        return null;
      }
      v = ((ConfigObject) v).get(key);
    }
    return v;
  }

  private static Config reference() {
    return ConfigFactory.defaultReference(); // cached by Typesafe Config per class loader
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Setting && ((Setting<?>) o).path.equals(path);
  }

  @Override
  public int hashCode() {
    return path.hashCode();
  }

  @Override
  public String toString() {
    return path;
  }
}
