package io.tributary.streams.settings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves references to secrets kept out of configuration and command lines: {@code ${env:NAME}} is the
 * environment variable {@code NAME}, {@code ${file:PATH}} the content of the file {@code PATH} (without
 * its trailing line break). The spelling is that of Kafka's {@code EnvVarConfigProvider} and
 * {@code FileConfigProvider}, so a Kafka client config file reads the same to Tributary and to Kafka's
 * tools. Any other text is kept as it is.
 */
public final class SecretReferences {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|file):([^}]+)}");

  private SecretReferences() {}

  /**
   * Replaces every {@code ${env:NAME}} and {@code ${file:PATH}} in the value.
   *
   * @param value a value, may be null
   * @return the value with its references replaced, null for null
   * @throws IllegalArgumentException naming the variable or file (never its content) when it is missing
   *     or unreadable
   */
  public static String resolve(String value) {
    return resolve(value, System::getenv);
  }

  /**
   * Replaces every reference, reading environment variables through {@code environment} (for tests).
   *
   * @param value a value, may be null
   * @param environment looks up an environment variable, null when unset
   * @return the resolved value
   */
  public static String resolve(String value, UnaryOperator<String> environment) {
    if (value == null || !value.contains("${")) {
      return value;
    }
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String kind = m.group(1);
      String name = m.group(2).trim();
      String resolved;
      if (kind.equals("env")) {
        resolved = environment.apply(name);
        if (resolved == null) {
          throw new IllegalArgumentException("the environment variable " + name + " (referenced as ${env:" + name
              + "}) is not set; export it before starting");
        }
      } else {
        resolved = readFile(Path.of(name));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(resolved));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Resolves every value of a map, keeping its order.
   *
   * @param properties names and values
   * @return a new map with resolved values
   * @throws IllegalArgumentException naming the property and the missing variable or file
   */
  public static Map<String, String> resolveAll(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    Map<String, String> result = new LinkedHashMap<>();
    properties.forEach((name, value) -> {
      try {
        result.put(name, resolve(value));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
      }
    });
    return result;
  }

  private static String readFile(Path file) {
    try {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      return content.endsWith("\r\n") ? content.substring(0, content.length() - 2)
          : content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the secret file " + file + " (referenced as ${file:" + file
          + "}): " + e.getClass().getSimpleName() + "; check that it exists and is readable", e);
    }
  }
}
