package io.tributary.streams.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Optional;

/**
 * What a broker source adds to its runner's telemetry: its own meters (Kafka's consumer lag and client
 * metrics, AMQP's unacknowledged deliveries, NATS's pending acks) and whether it is attached. A source
 * control implements it; the runner binds it with its common meters and unbinds it when it stops.
 */
public interface SourceTelemetry {

  /** @return the broker protocol, the {@code protocol} tag: {@code kafka}, {@code amqp}, {@code nats} */
  String protocol();

  /**
   * Registers the source's own meters.
   *
   * @param registry where to register them
   * @param tags the runner's tags ({@code runner}, {@code protocol}), to put on every meter
   * @return removes what was registered (called once, when the runner stops)
   */
  AutoCloseable bindMeters(MeterRegistry registry, Tags tags);

  /**
   * Cheap (no broker call): read on every health request.
   *
   * @return empty while the source is attached and receiving (Kafka: partitions assigned; AMQP: consuming;
   *     NATS: fetching), else why not, in a few words
   */
  Optional<String> notAttached();
}
