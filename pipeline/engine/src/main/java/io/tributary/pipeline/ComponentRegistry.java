package io.tributary.pipeline;

import io.tributary.pipeline.component.ComponentFactory;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.component.TransformDefinition;
import io.tributary.pipeline.config.Section;
import io.tributary.pipeline.sink.ConsoleStatsSink;
import io.tributary.pipeline.sink.FileSink;
import io.tributary.pipeline.sink.HubSink;
import io.tributary.pipeline.sink.StdoutSink;
import io.tributary.pipeline.source.FileSource;
import io.tributary.pipeline.source.GeneratorSource;
import io.tributary.pipeline.source.HubSource;
import io.tributary.pipeline.source.StdinSource;
import io.tributary.pipeline.transform.FilterTransform;
import io.tributary.pipeline.transform.ParseJson;
import io.tributary.pipeline.transform.Remap;
import io.tributary.pipeline.transform.Route;
import io.tributary.pipeline.transform.Sample;
import io.tributary.pipeline.transform.Throttle;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The component types a pipeline config may use, by section and type name. {@link #defaults()}
 * has the built-in ones; a host (or a test) adds its own with {@link #withSource}, {@link
 * #withTransform} and {@link #withSink}. Immutable.
 */
public final class ComponentRegistry {

  private final Map<Section, Map<String, ComponentFactory<?>>> factories;

  private ComponentRegistry(Map<Section, Map<String, ComponentFactory<?>>> factories) {
    this.factories = factories;
  }

  /**
   * @return the built-in types (sources generator, file, stdin, hub; transforms parse_json, filter,
   *     remap, route, sample, throttle; sinks file, stdout, console_stats, hub) and those of every
   *     {@link ComponentProvider} on the classpath (kafka, amqp and nats with their modules)
   */
  public static ComponentRegistry defaults() {
    ComponentRegistry registry = builtIns();
    for (ComponentProvider provider : ServiceLoader.load(ComponentProvider.class)) {
      registry = provider.addTo(registry);
    }
    return registry;
  }

  /** @return the types of the engine itself, without providers */
  public static ComponentRegistry builtIns() {
    return new ComponentRegistry(new EnumMap<>(Section.class))
        .withSource(GeneratorSource.TYPE, GeneratorSource::create)
        .withSource(FileSource.TYPE, FileSource::create)
        .withSource(StdinSource.TYPE, StdinSource::create)
        .withSource(HubSource.TYPE, HubSource::create)
        .withTransform(ParseJson.TYPE, ParseJson::create)
        .withTransform(FilterTransform.TYPE, FilterTransform::create)
        .withTransform(Remap.TYPE, Remap::create)
        .withTransform(Route.TYPE, Route::create)
        .withTransform(Sample.TYPE, Sample::create)
        .withTransform(Throttle.TYPE, Throttle::create)
        .withSink(FileSink.TYPE, FileSink::create)
        .withSink(StdoutSink.TYPE, StdoutSink::create)
        .withSink(ConsoleStatsSink.TYPE, ConsoleStatsSink::create)
        .withSink(HubSink.TYPE, HubSink::create);
  }

  /** @return a registry with source type {@code type} added (or replaced) */
  public ComponentRegistry withSource(String type, ComponentFactory<? extends SourceDefinition> factory) {
    return with(Section.SOURCES, type, factory);
  }

  /** @return a registry with transform type {@code type} added (or replaced) */
  public ComponentRegistry withTransform(String type, ComponentFactory<? extends TransformDefinition> factory) {
    return with(Section.TRANSFORMS, type, factory);
  }

  /** @return a registry with sink type {@code type} added (or replaced) */
  public ComponentRegistry withSink(String type, ComponentFactory<? extends SinkDefinition> factory) {
    return with(Section.SINKS, type, factory);
  }

  private ComponentRegistry with(Section section, String type, ComponentFactory<?> factory) {
    Map<Section, Map<String, ComponentFactory<?>>> copy = new EnumMap<>(Section.class);
    factories.forEach((s, m) -> copy.put(s, new TreeMap<>(m)));
    copy.computeIfAbsent(section, s -> new TreeMap<>()).put(type, factory);
    return new ComponentRegistry(copy);
  }

  /** @return the factory of {@code type} in {@code section} */
  public Optional<ComponentFactory<?>> factory(Section section, String type) {
    return Optional.ofNullable(factories.getOrDefault(section, Map.of()).get(type));
  }

  /** @return the type names of {@code section}, sorted */
  public Set<String> types(Section section) {
    return factories.getOrDefault(section, Map.of()).keySet();
  }
}
