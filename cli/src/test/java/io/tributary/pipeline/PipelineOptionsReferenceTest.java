package io.tributary.pipeline;

import io.tributary.cluster.ClusterSettings;
import io.tributary.cluster.hub.ClusterHubSettings;
import io.tributary.cluster.workers.KeyedWorkerSettings;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.tributary.actors.hub.HubSettings;
import io.tributary.connectors.amqp.AmqpConnectionSettings;
import io.tributary.connectors.amqp.AmqpSinkSettings;
import io.tributary.connectors.amqp.AmqpSourceSettings;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.connectors.kafka.TransactionalSettings;
import io.tributary.connectors.nats.NatsCoreSettings;
import io.tributary.connectors.nats.NatsSourceSettings;
import io.tributary.pipeline.amqp.AmqpEventSink;
import io.tributary.pipeline.amqp.AmqpEventSource;
import io.tributary.pipeline.config.ComponentOptions;
import io.tributary.pipeline.config.OptionSpec;
import io.tributary.pipeline.config.OptionsReference;
import io.tributary.pipeline.config.Section;
import io.tributary.pipeline.kafka.KafkaEventSink;
import io.tributary.pipeline.kafka.KafkaEventSource;
import io.tributary.pipeline.nats.NatsEventSink;
import io.tributary.pipeline.nats.NatsEventSource;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.streams.processing.RetryPolicy;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.telemetry.HealthSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/pipeline-options.md is generated from the option declarations, and every key of the modules'
 * reference.conf is declared and documented. After a change to an option or a setting, regenerate
 * the file with {@link #COMMAND}.
 */
class PipelineOptionsReferenceTest {

  static final String COMMAND = "mvn -B -o -pl cli -am test -Dtest=PipelineOptionsReferenceTest "
      + "-Dsurefire.failIfNoSpecifiedTests=false -Ddocs.update=true";

  private static final Path FILE = Path.of("..", "docs", "pipeline-options.md");

  private static final List<ComponentOptions> COMPONENTS = List.of(KafkaEventSource.OPTIONS, KafkaEventSink.OPTIONS,
      AmqpEventSource.OPTIONS, AmqpEventSink.OPTIONS, NatsEventSource.OPTIONS, NatsEventSink.OPTIONS);

  private static final List<Setting<?>> SETTINGS = Stream.of(KafkaSourceSettings.settings(),
      TransactionalSettings.settings(),
      AmqpConnectionSettings.settings(), AmqpSourceSettings.settings(), AmqpSinkSettings.settings(),
      NatsSourceSettings.settings(), NatsCoreSettings.settings(), ProcessingSettings.settings(),
      RetryPolicy.settings(), HealthSettings.settings(), HubSettings.settings(), ClusterSettings.settings(),
      ClusterHubSettings.settings(), KeyedWorkerSettings.settings()).flatMap(List::stream).collect(Collectors.toList());

  private static String generated() {
    String md = OptionsReference.markdown(COMPONENTS, SETTINGS);
    String note = "<!-- Generated from the option declarations by PipelineOptionsReferenceTest (cli); do not edit.\n"
        + "     Regenerate: " + COMMAND.substring(0, COMMAND.indexOf(" -Dsurefire")) + "\n"
        + "     " + COMMAND.substring(COMMAND.indexOf("-Dsurefire")) + " -->\n\n";
    int afterTitle = md.indexOf("\n\n") + 2;
    return md.substring(0, afterTitle) + note + md.substring(afterTitle);
  }

  @Test
  void the_checked_in_reference_is_the_generated_one() throws IOException {
    String expected = generated();
    if (Boolean.getBoolean("docs.update")) {
      Files.writeString(FILE, expected, StandardCharsets.UTF_8);
    }
    assertThat(Files.exists(FILE)).as("docs/pipeline-options.md is missing; generate it with:%n  %s", COMMAND)
        .isTrue();
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
        .as("docs/pipeline-options.md differs from the option declarations; regenerate it with:%n  %s", COMMAND)
        .isEqualTo(expected);
    assertThat(expected.lines()).as("Markdown lines of at most 120 characters")
        .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(120));
  }

  @Test
  void every_broker_component_type_is_in_the_reference() {
    ComponentRegistry all = ComponentRegistry.defaults();
    ComponentRegistry builtIn = ComponentRegistry.builtIns();
    for (Section section : List.of(Section.SOURCES, Section.SINKS)) {
      Set<String> fromProviders = new TreeSet<>(all.types(section));
      fromProviders.removeAll(builtIn.types(section));
      Set<String> documented = COMPONENTS.stream().filter(c -> c.section() == section).map(ComponentOptions::type)
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(documented).as(section.key()).isEqualTo(fromProviders);
    }
  }

  @Test
  void every_key_of_reference_conf_is_declared_and_documented() {
    Set<String> declared = new TreeSet<>();
    SETTINGS.forEach(s -> declared.add(s.path()));
    for (ComponentOptions c : COMPONENTS) {
      for (OptionSpec<?> o : c.options()) {
        o.defaults().ifPresent(s -> declared.add(s.path()));
        assertThat(o.doc()).as("documentation of %s %s option %s", c.section().singular(), c.type(), o.name())
            .isNotBlank();
      }
    }
    List<String> inReference = new ArrayList<>();
    collect(ConfigFactory.defaultReference().getObject("tributary"), "tributary", declared, inReference);
    assertThat(inReference).as("keys of reference.conf under tributary").containsExactlyInAnyOrderElementsOf(declared);
    for (Setting<?> s : SETTINGS) {
      assertThat(s.doc()).as("the comment above %s in reference.conf", s.path()).isNotBlank();
      assertThat(s.defaultValue().isPresent() || s.isOptional()).as("default of %s", s.path()).isTrue();
    }
  }

  /** The leaves under {@code object} (a declared path counts as a leaf: string maps are objects). */
  private static void collect(ConfigObject object, String prefix, Set<String> declared, List<String> into) {
    for (Map.Entry<String, ConfigValue> e : object.entrySet()) {
      String path = prefix + "." + e.getKey();
      if (!declared.contains(path) && e.getValue().valueType() == ConfigValueType.OBJECT) {
        collect((ConfigObject) e.getValue(), path, declared, into);
      } else {
        into.add(path);
      }
    }
  }
}
