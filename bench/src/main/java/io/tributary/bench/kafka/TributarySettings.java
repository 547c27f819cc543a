package io.tributary.bench.kafka;

import io.tributary.bench.Tuning;
import io.tributary.connectors.kafka.KafkaSourceSettings;
import io.tributary.streams.codec.PayloadDecoder;
import java.util.List;

/** The Tributary source settings of a pass: KafkaSource's defaults plus the pass's tuning. */
final class TributarySettings {

  private TributarySettings() {}

  static KafkaSourceSettings<byte[]> of(Tuning tuning, String bootstrapServers, String groupId, String topic) {
    return tuning.apply(KafkaSourceSettings.create(bootstrapServers, groupId, List.of(topic), PayloadDecoder.bytes()));
  }

  /** @return the contender's name, with {@code @variant} when it runs a variant's tuning */
  static String name(String contender, String variant) {
    return variant == null ? contender : contender + "@" + variant;
  }
}
