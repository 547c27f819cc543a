package io.tributary.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.codec.PayloadDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KafkaSourceSettings from tributary.kafka in the config (no broker needed). */
class KafkaSourceSettingsTest {

  private static final PayloadDecoder<String> DECODER = PayloadDecoder.string();

  private static KafkaSourceSettings<String> create() {
    return KafkaSourceSettings.create("127.0.0.1:9092", "g", List.of("orders"), DECODER);
  }

  @Test
  void from_config_with_the_defaults_equals_create_and_keeps_the_former_defaults() {
    KafkaSourceSettings<String> fromConfig = KafkaSourceSettings.fromConfig(ConfigFactory.load(), "127.0.0.1:9092",
        "g", List.of("orders"), DECODER);
    assertThat(fromConfig).isEqualTo(create()).hasSameHashCodeAs(create());
    assertThat(fromConfig.commitBatchSize()).isEqualTo(5_000);
    assertThat(fromConfig.commitInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(fromConfig.revokeDrainTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(fromConfig.deadLetterTopic("orders")).isEqualTo("orders.dlq");
    assertThat(fromConfig.preflight()).isTrue();
    assertThat(fromConfig.preflightTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(fromConfig.consumerProperties()).isEmpty();
  }

  @Test
  void an_application_config_overrides_the_defaults() {
    KafkaSourceSettings<String> s = KafkaSourceSettings.fromConfig(ConfigFactory.parseString(
        "tributary.kafka { commit-batch-size = 100, commit-interval = 250ms, preflight = false,\n"
            + "  consumer-properties { \"max.poll.records\" = 1000 } }").withFallback(ConfigFactory.load()),
        "127.0.0.1:9092", "g", List.of("orders"), DECODER);
    assertThat(s.commitBatchSize()).isEqualTo(100);
    assertThat(s.commitInterval()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.preflight()).isFalse();
    assertThat(s.consumerProperties()).isEqualTo(Map.of("max.poll.records", "1000"));
    assertThat(s.revokeDrainTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s).isNotEqualTo(create());
  }

  @Test
  void a_wrong_value_in_the_config_names_its_path() {
    assertThatThrownBy(() -> KafkaSourceSettings.fromConfig(
        ConfigFactory.parseString("tributary.kafka.commit-batch-size = 0"), "h:1", "g", List.of("t"), DECODER))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'tributary.kafka.commit-batch-size': must be >= 1, was 0");
    assertThatThrownBy(() -> KafkaSourceSettings.fromConfig(
        ConfigFactory.parseString("tributary.kafka.commit-interval = often"), "h:1", "g", List.of("t"), DECODER))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'tributary.kafka.commit-interval': expected a duration");
    assertThatThrownBy(() -> KafkaSourceSettings.fromConfig(
        ConfigFactory.parseString("tributary.kafka.consumer-properties = [a]"), "h:1", "g", List.of("t"), DECODER))
        .hasMessageContaining("'tributary.kafka.consumer-properties': expected an object of strings");
  }

  @Test
  void with_methods_copy_and_check_like_the_config() {
    KafkaSourceSettings<String> base = create();
    KafkaSourceSettings<String> changed = base.withCommitBatchSize(7).withConsumerProperty("fetch.min.bytes", "1")
        .withoutPreflight();
    assertThat(base.commitBatchSize()).isEqualTo(5_000);
    assertThat(base.consumerProperties()).isEmpty();
    assertThat(changed.commitBatchSize()).isEqualTo(7);
    assertThat(changed.consumerProperties()).containsEntry("fetch.min.bytes", "1");
    assertThat(changed.preflight()).isFalse();
    assertThat(base.partitionFairFetch()).as("per-key fetches partitions fairly unless turned off").isTrue();
    assertThat(base.withPartitionFairFetch(false).partitionFairFetch()).isFalse();
    assertThat(changed.withDecoder(PayloadDecoder.bytes()).commitBatchSize()).isEqualTo(7);
    assertThatThrownBy(() -> base.withCommitBatchSize(0)).hasMessage("commitBatchSize must be >= 1, was 0");
    assertThatThrownBy(() -> base.withCommitInterval(Duration.ZERO))
        .hasMessage("commitInterval must be > 0s, was PT0S");
  }
}
