package io.tributary.bench.kafka;

import io.tributary.bench.BenchOptions;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.streams.codec.PayloadDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Tributary source settings of a pass: KafkaSource's defaults plus the run's overrides. */
final class TributarySettings {

  private TributarySettings() {}

  static KafkaSourceSettings<byte[]> of(BenchOptions options, String bootstrapServers, String groupId,
      String topic) {
    KafkaSourceSettings<byte[]> settings =
        KafkaSourceSettings.create(bootstrapServers, groupId, List.of(topic), PayloadDecoder.bytes());
    for (Map.Entry<String, String> e : options.consumerProperties().entrySet()) {
      settings = settings.withConsumerProperty(e.getKey(), e.getValue());
    }
    if (options.commitBatchSize().isPresent()) {
      settings = settings.withCommitBatchSize(options.commitBatchSize().getAsInt());
    }
    if (options.commitIntervalMillis().isPresent()) {
      settings = settings.withCommitInterval(Duration.ofMillis(options.commitIntervalMillis().getAsLong()));
    }
    return settings;
  }
}
