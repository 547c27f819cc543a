package io.tributary.bench.kafka;

import io.tributary.connectors.kafka.KafkaDeadLetterSink;
import io.tributary.connectors.kafka.KafkaSource;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import java.time.Duration;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * One pass of Tributary's {@link KafkaSource} without commits: its envelopes go into a counting
 * {@code Sink.foreach} and are never acknowledged. Timed from the first envelope to the last.
 */
final class SourcePass {

  private SourcePass() {}

  static Measurement run(ClassicActorSystemProvider system, KafkaSourceSettings<byte[]> settings, long expected,
      Duration timeout) throws Exception {
    try (KafkaDeadLetterSink<byte[]> deadLetters = KafkaDeadLetterSink.create(settings)) {
      return CountingPass.run(system, KafkaSource.create(system, settings, deadLetters),
          envelope -> envelope.payload().length, control -> control.shutdown(), expected,
          settings.topics().toString(), timeout);
    }
  }
}
