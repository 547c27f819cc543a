package io.tributary.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a pipeline config file (HOCON), applies {@code --set key=value} overrides on top and
 * resolves substitutions: {@code ${path}} refers to another value of the file (a {@code vars { }}
 * section is the place for shared values), {@code ${?NAME}} falls back to the environment
 * variable NAME and is left out when it is unset. Problems are reported as {@link
 * PipelineConfigException}s, never half-read.
 */
public final class ConfigLoader {

  /** Values that read as HOCON rather than as plain text: numbers, booleans, null, lists, objects, quoted. */
  private static final Pattern STRUCTURED = Pattern.compile(
      "-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?|true|false|null|\\[.*\\]|\\{.*\\}|\".*\"", Pattern.DOTALL);

  private ConfigLoader() {}

  /**
   * Loads {@code file} with the overrides applied in order (a later one wins).
   *
   * @param overrides {@code key=value} strings; the key is a config path ({@code sinks.out.path}),
   *     the value a number, boolean, list {@code [a, b]}, quoted string or else plain text
   * @throws PipelineConfigException listing every problem
   */
  public static Config load(Path file, List<String> overrides) {
    ConfigErrors errors = new ConfigErrors();
    Config fromFile = null;
    if (!Files.isRegularFile(file)) {
      errors.add(file.toString(), Files.exists(file) ? "not a regular file" : "no such file");
    } else if (!Files.isReadable(file)) {
      errors.add(file.toString(), "cannot read the file (permission denied)");
    } else {
      try {
        fromFile = ConfigFactory.parseFile(file.toFile(),
            ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
      } catch (ConfigException e) {
        errors.add(where(e.origin(), file.toString()), problem(e));
      }
    }
    Config merged = overridesOf(overrides, errors);
    errors.throwIfAny();
    return resolve(merged.withFallback(fromFile), file.toString());
  }

  /**
   * Parses a config from text (tests, embedding), with substitutions resolved as for a file.
   *
   * @throws PipelineConfigException when the text is not valid HOCON
   */
  public static Config parse(String text) {
    Config config;
    try {
      config = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF));
    } catch (ConfigException e) {
      ConfigErrors errors = new ConfigErrors();
      errors.add(where(e.origin(), "config"), problem(e));
      throw new PipelineConfigException(errors.list());
    }
    return resolve(config, "config");
  }

  private static Config resolve(Config config, String fallbackOrigin) {
    try {
      return config.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
    } catch (ConfigException e) {
      ConfigErrors errors = new ConfigErrors();
      errors.add(where(e.origin(), fallbackOrigin), problem(e));
      throw new PipelineConfigException(errors.list());
    }
  }

  private static Config overridesOf(List<String> overrides, ConfigErrors errors) {
    Config result = ConfigFactory.empty("--set");
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        errors.add("--set " + override, "expected KEY=VALUE, e.g. --set sinks.out.path=/tmp/out.json");
        continue;
      }
      String key = override.substring(0, eq).trim();
      String text = override.substring(eq + 1).trim();
      try {
        result = result.withValue(key, valueOf(text));
      } catch (ConfigException e) {
        errors.add("--set " + override, problem(e));
      }
    }
    return result;
  }

  private static ConfigValue valueOf(String text) {
    if (STRUCTURED.matcher(text).matches()) {
      try {
        return ConfigFactory.parseString("v = " + text).getValue("v");
      } catch (ConfigException e) {
        // not a HOCON value after all: take it as text
      }
    }
    return ConfigValueFactory.fromAnyRef(text, "--set");
  }

  private static String where(ConfigOrigin origin, String fallback) {
    if (origin == null) {
      return fallback;
    }
    String name = origin.filename() != null ? origin.filename() : fallback;
    return origin.lineNumber() > 0 ? name + ":" + origin.lineNumber() : name;
  }

  /** The exception's message without the origin prefix the library puts in front. */
  private static String problem(ConfigException e) {
    String message = e.getMessage();
    if (e.origin() != null) {
      String prefix = e.origin().description() + ": ";
      if (message.startsWith(prefix)) {
        message = message.substring(prefix.length());
      }
    }
    return message;
  }
}
