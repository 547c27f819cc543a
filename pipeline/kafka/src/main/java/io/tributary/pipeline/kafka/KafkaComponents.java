package io.tributary.pipeline.kafka;

import io.tributary.pipeline.ComponentProvider;
import io.tributary.pipeline.ComponentRegistry;

/** Adds the kafka source and sink (type {@code kafka}) to every pipeline of this JVM. */
public final class KafkaComponents implements ComponentProvider {

  @Override
  public ComponentRegistry addTo(ComponentRegistry registry) {
    return registry.withSource(KafkaEventSource.TYPE, KafkaEventSource::create)
        .withSink(KafkaEventSink.TYPE, KafkaEventSink::create);
  }
}
