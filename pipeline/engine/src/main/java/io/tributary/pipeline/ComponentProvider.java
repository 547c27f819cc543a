package io.tributary.pipeline;

/**
 * Adds component types to every pipeline of this JVM: the engine finds providers with {@link
 * java.util.ServiceLoader} (listed in {@code META-INF/services/io.tributary.pipeline.ComponentProvider})
 * and applies them in {@link ComponentRegistry#defaults()}. This is how the broker components
 * ({@code tributary-pipeline-kafka}, {@code -amqp}, {@code -nats}) join without the engine depending
 * on any connector. A provider needs a public no-argument constructor.
 */
public interface ComponentProvider {

  /**
   * Returns the registry with this provider's types added.
   *
   * @param registry the registry so far
   * @return the registry with the provider's sources, transforms and sinks
   */
  ComponentRegistry addTo(ComponentRegistry registry);
}
