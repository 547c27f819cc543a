package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.tributary.cli.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Property-based check of {@code tributary pipeline FILE --check}: every example config in {@code
 * samples/pipelines} is mutated many times with a seeded {@link Random} (keys dropped or
 * misspelled, values of the wrong type, empty, negative or huge, wrong duration units, broken
 * conditions, cycles, unknown components and types, text cut short). Whatever the mutation, the
 * command answers either "ok" (exit 0: the mutation left a valid config) or exit 2 with one line
 * per problem, each {@code <section>.<name>(.<field>)*: problem} or a file-level parse error with its
 * line, and never a stack trace or an exception class name.
 *
 * <p>CI runs {@value #DEFAULT_MUTATIONS} mutations per config from a fixed seed; {@code
 * -Dtributary.mutations=N} runs more and {@code -Dtributary.mutations.seed=S} another seed.
 */
class ConfigMutationTest {

  private static final int DEFAULT_MUTATIONS = 120;
  private static final Path SAMPLES = Path.of("..", "samples", "pipelines");

  /** {@code sources.name.field: problem}, {@code --set x: problem}, and the file name forms. */
  private static final Pattern CONFIG_LINE = Pattern.compile(
      "(sources|transforms|sinks|vars)(\\.[^\\s:]+)*: \\S.*|[a-z][\\w-]*: unknown section.*|--set .+: \\S.*");

  @TempDir
  Path dir;

  @Test
  void every_mutation_of_every_sample_is_answered_by_named_errors_and_exit_2_or_ok() throws IOException {
    int perConfig = Integer.getInteger("tributary.mutations", DEFAULT_MUTATIONS);
    long seed = Long.getLong("tributary.mutations.seed", 13L);
    List<Path> samples;
    try (Stream<Path> files = Files.list(SAMPLES)) {
      samples = files.filter(f -> f.toString().endsWith(".conf")).sorted().toList();
    }
    assertThat(samples).isNotEmpty();
    int invalid = 0;
    int total = 0;
    List<String> failures = new ArrayList<>();
    for (Path sample : samples) {
      Config original = ConfigFactory.parseFile(sample.toFile(),
              ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF))
          .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(true));
      Random random = new Random(seed ^ sample.getFileName().toString().hashCode());
      for (int i = 0; i < perConfig; i++) {
        Mutation mutation = mutate(original, random);
        Path file = dir.resolve(sample.getFileName() + "." + i + ".conf");
        Files.writeString(file, mutation.text());
        CommandRun run = CommandRun.of("pipeline", file.toString(), "--check");
        total++;
        String problem = judge(run, file);
        if (problem != null) {
          failures.add(file.getFileName() + " [" + mutation.description() + "]: " + problem
              + "\n--- output ---\n" + run.err() + run.out());
        } else if (run.code() == 2) {
          invalid++;
        }
      }
    }
    assertThat(failures).as("mutations answered badly").isEmpty();
    // most mutations break the config: the test would prove little if they all stayed valid
    assertThat(invalid).as("mutations refused out of " + total).isGreaterThan(total / 2);
  }

  /** Why the answer to one mutated config is wrong, or null when it is right. */
  private static String judge(CommandRun run, Path file) {
    String all = run.out() + run.err();
    if (all.contains("Exception") || all.contains("\tat ") || all.contains("Error:")) {
      return "a stack trace or an exception name in the output";
    }
    if (run.code() == 0) {
      return run.err().contains(file + ": ok (") ? null : "exit 0 without the ok line";
    }
    if (run.code() != 2) {
      return "exit " + run.code() + " instead of 2";
    }
    List<String> lines = run.errLines();
    if (lines.isEmpty()) {
      return "exit 2 without any error line";
    }
    Pattern fileLevel = Pattern.compile(Pattern.quote(file.toString()) + "(:\\d+)?: \\S.*");
    for (String line : lines) {
      if (!CONFIG_LINE.matcher(line).matches() && !fileLevel.matcher(line).matches()) {
        return "line not of the form <section>.<name>.<field>: problem: " + line;
      }
    }
    return null;
  }

  private record Mutation(String text, String description) {}

  private static Mutation mutate(Config config, Random random) {
    int rounds = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
    StringBuilder description = new StringBuilder();
    for (int r = 0; r < rounds; r++) {
      Step step;
      try {
        step = mutateOnce(config, random);
      } catch (RuntimeException e) { // an earlier round removed what this one needs: drop a key instead
        List<String> leaves = config.entrySet().stream().map(Map.Entry::getKey).sorted().toList();
        String leaf = leaves.get(random.nextInt(leaves.size()));
        step = new Step(config.withoutPath(leaf), "drop " + leaf);
      }
      config = step.config;
      description.append(r == 0 ? "" : "; ").append(step.description);
    }
    String text = config.root().render(ConfigRenderOptions.defaults()
        .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
    if (random.nextInt(12) == 0) { // text-level damage: the parser's errors must name a line
      int kind = random.nextInt(3);
      int at = random.nextInt(Math.max(1, text.length()));
      text = switch (kind) {
        case 0 -> text.substring(0, at);
        case 1 -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1));
        default -> text.substring(0, at) + "{[\"=,}"
            .charAt(random.nextInt(6)) + text.substring(at);
      };
      description.append("; text damaged (").append(kind).append(" at ").append(at).append(')');
    }
    return new Mutation(text, description.toString());
  }

  private record Step(Config config, String description) {}

  private static final List<String> JUNK_TYPES = List.of("kafak", "genrator", "nothing", "", "FILE", "remap2");
  private static final List<String> BAD_CONDITIONS = List.of("", "level ==", "(((", "a b c", "level = 'x'",
      "latency_ms > 'ten'", "==", "seq >= 0 and", "not", "'unterminated", "status in [1, 2", "x.y.z == 1",
      "\u0000", "level == \"error\" or or seq > 1");
  private static final List<Object> ODD_NUMBERS = List.of(-1, 0, -2147483648, 2147483647, Long.MAX_VALUE,
      Long.MIN_VALUE, 1e300, -0.5, 3.7, Double.NaN);
  private static final List<String> ODD_DURATIONS = List.of("10 parsecs", "5ms", "-3 s", "1 fortnight", "ten",
      "1e9 days", "PT5S");

  private static Step mutateOnce(Config config, Random random) {
    List<String> leaves = config.entrySet().stream().map(Map.Entry::getKey).sorted().toList();
    List<String> components = components(config);
    String leaf = leaves.get(random.nextInt(leaves.size()));
    String component = components.get(random.nextInt(components.size()));
    ConfigValue value = config.getValue(leaf);
    switch (random.nextInt(16)) {
      case 0:
        return new Step(config.withoutPath(leaf), "drop " + leaf);
      case 1: {
        String misspelt = misspell(lastKey(leaf), random);
        return new Step(config.withoutPath(leaf).withValue(parentOf(leaf) + "." + quote(misspelt), value),
            "rename " + leaf + " to " + misspelt);
      }
      case 2:
        return new Step(config.withValue(leaf, ConfigValueFactory.fromAnyRef("")), "empty " + leaf);
      case 3: {
        Object number = ODD_NUMBERS.get(random.nextInt(ODD_NUMBERS.size()));
        return new Step(config.withValue(leaf, ConfigValueFactory.fromAnyRef(number)), leaf + " = " + number);
      }
      case 4: {
        Object other = switch (value.valueType()) {
          case STRING -> random.nextBoolean() ? 42 : List.of(value.unwrapped());
          case NUMBER -> random.nextBoolean() ? "abc" : List.of(1, 2);
          case LIST -> random.nextBoolean() ? "a, b" : Map.of("x", 1);
          case BOOLEAN -> random.nextBoolean() ? "yes please" : 1;
          default -> "text";
        };
        return new Step(config.withValue(leaf, ConfigValueFactory.fromAnyRef(other)), leaf + " = " + other);
      }
      case 5: {
        Object other = random.nextBoolean() ? Map.of("nested", Map.of("deeper", 1)) : true;
        return new Step(config.withValue(leaf, ConfigValueFactory.fromAnyRef(other)), leaf + " = " + other);
      }
      case 6: {
        String duration = ODD_DURATIONS.get(random.nextInt(ODD_DURATIONS.size()));
        return new Step(config.withValue(leaf, ConfigValueFactory.fromAnyRef(duration)), leaf + " = " + duration);
      }
      case 7: {
        String type = random.nextBoolean() ? JUNK_TYPES.get(random.nextInt(JUNK_TYPES.size()))
            : misspell(config.getString(component + ".type"), random);
        return new Step(config.withValue(component + ".type", ConfigValueFactory.fromAnyRef(type)),
            component + ".type = " + type);
      }
      case 8: {
        List<String> withInputs = components.stream().filter(c -> config.hasPath(c + ".inputs")).toList();
        String target = withInputs.get(random.nextInt(withInputs.size()));
        List<Object> inputs = new ArrayList<>(config.getList(target + ".inputs").unwrapped());
        int index = random.nextInt(inputs.size());
        inputs.set(index, misspell(String.valueOf(inputs.get(index)), random));
        return new Step(config.withValue(target + ".inputs", ConfigValueFactory.fromIterable(inputs)),
            target + ".inputs = " + inputs);
      }
      case 9: {
        List<String> transforms = components.stream().filter(c -> c.startsWith("transforms.")).toList();
        if (transforms.isEmpty()) {
          return new Step(config.withoutPath("sources"), "drop sources");
        }
        String target = transforms.get(random.nextInt(transforms.size()));
        String other = components.get(random.nextInt(components.size()));
        List<Object> inputs = new ArrayList<>(config.getList(target + ".inputs").unwrapped());
        inputs.add(random.nextBoolean() ? lastKey(target) : lastKey(other));
        return new Step(config.withValue(target + ".inputs", ConfigValueFactory.fromIterable(inputs)),
            "cycle? " + target + ".inputs = " + inputs);
      }
      case 10: {
        List<String> conditions = leaves.stream()
            .filter(l -> l.endsWith(".condition") || l.contains(".route.")).toList();
        String target = conditions.isEmpty() ? component + ".condition" : conditions.get(
            random.nextInt(conditions.size()));
        String condition = BAD_CONDITIONS.get(random.nextInt(BAD_CONDITIONS.size()));
        return new Step(config.withValue(target, ConfigValueFactory.fromAnyRef(condition)),
            target + " = " + condition);
      }
      case 11: {
        String section = List.of("sources", "transforms", "sinks").get(random.nextInt(3));
        Map<String, Object> unknown = Map.of("type", JUNK_TYPES.get(random.nextInt(JUNK_TYPES.size())),
            "inputs", List.of(lastKey(component)));
        return new Step(config.withValue(section + ".extra", ConfigValueFactory.fromMap(unknown)),
            section + ".extra = " + unknown);
      }
      case 12:
        return new Step(config.withoutPath(component), "drop " + component);
      case 13: {
        String section = component.substring(0, component.indexOf('.'));
        return random.nextBoolean()
            ? new Step(config.withoutPath(section), "drop " + section)
            : new Step(config.withValue(section, ConfigValueFactory.fromAnyRef(random.nextBoolean() ? "x" : 3)),
                section + " is not an object");
      }
      case 14:
        return new Step(config.withValue(component + ".inputs",
            ConfigValueFactory.fromAnyRef(random.nextBoolean() ? List.of() : List.of(List.of("a")))),
            component + ".inputs empty or nested");
      default: {
        Object whole = random.nextBoolean() ? "just text" : List.of(1, "two");
        return new Step(config.withValue(component, ConfigValueFactory.fromAnyRef(whole)),
            component + " = " + whole);
      }
    }
  }

  private static List<String> components(Config config) {
    List<String> result = new ArrayList<>();
    for (String section : List.of("sources", "transforms", "sinks")) {
      if (config.hasPath(section)) {
        for (String name : config.getObject(section).keySet()) {
          result.add(section + "." + quote(name));
        }
      }
    }
    return result;
  }

  private static String misspell(String word, Random random) {
    if (word.length() < 2) {
      return word + "x";
    }
    char[] chars = word.toCharArray();
    int i = random.nextInt(chars.length - 1);
    if (random.nextBoolean()) {
      char swap = chars[i];
      chars[i] = chars[i + 1];
      chars[i + 1] = swap;
      String swapped = new String(chars);
      return swapped.equals(word) ? word + "e" : swapped;
    }
    return word.substring(0, i) + word.substring(i + 1);
  }

  private static String lastKey(String path) {
    List<String> keys = ConfigUtil.splitPath(path);
    return keys.get(keys.size() - 1);
  }

  private static String parentOf(String path) {
    List<String> keys = ConfigUtil.splitPath(path);
    return ConfigUtil.joinPath(keys.subList(0, keys.size() - 1));
  }

  private static String quote(String key) {
    return ConfigUtil.joinPath(key);
  }

}
