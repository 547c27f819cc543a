package io.tributary.bench.kafka;

import io.tributary.connectors.kafka.KafkaSource;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import java.time.Duration;
import java.util.HashSet;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.kafka.Subscriptions;
import org.apache.pekko.kafka.javadsl.Consumer;

/**
 * One pass of the bare Pekko Connectors Kafka {@code Consumer.committableSource} that Tributary's
 * source is built on, with the same consumer settings, into a counting sink: no envelopes, no offset
 * tracking, no commits. The ceiling for anything built on that source; not a Tributary contender.
 */
final class PekkoSourcePass {

  private PekkoSourcePass() {}

  static Measurement run(ClassicActorSystemProvider system, KafkaSourceSettings<byte[]> settings, long expected,
      Duration timeout) throws Exception {
    return CountingPass.run(system,
        Consumer.committableSource(KafkaSource.consumerSettings(system.classicSystem(), settings),
            Subscriptions.topics(new HashSet<>(settings.topics()))),
        message -> message.record().value().length, Consumer.Control::shutdown, expected,
        settings.topics().toString(), timeout);
  }
}
