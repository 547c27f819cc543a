package io.tributary.pipeline.nats;

import io.tributary.pipeline.ComponentProvider;
import io.tributary.pipeline.ComponentRegistry;

/** Adds the nats source and sink (type {@code nats}) to every pipeline of this JVM. */
public final class NatsComponents implements ComponentProvider {

  @Override
  public ComponentRegistry addTo(ComponentRegistry registry) {
    return registry.withSource(NatsEventSource.TYPE, NatsEventSource::create)
        .withSink(NatsEventSink.TYPE, NatsEventSink::create);
  }
}
