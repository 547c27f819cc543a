package io.tributary.pipeline.amqp;

import io.tributary.pipeline.ComponentProvider;
import io.tributary.pipeline.ComponentRegistry;

/** Adds the amqp source and sink (type {@code amqp}) to every pipeline of this JVM. */
public final class AmqpComponents implements ComponentProvider {

  @Override
  public ComponentRegistry addTo(ComponentRegistry registry) {
    return registry.withSource(AmqpEventSource.TYPE, AmqpEventSource::create)
        .withSink(AmqpEventSink.TYPE, AmqpEventSink::create);
  }
}
