package io.tributary.connectors.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.codec.PayloadDecoder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The NATS JetStream and core settings from tributary.nats in the config (no server needed). */
class NatsSettingsTest {

  private static final String SERVERS = "nats://127.0.0.1:4222";
  private static final PayloadDecoder<String> DECODER = PayloadDecoder.string();

  private static Config config(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load());
  }

  @Test
  void from_config_with_the_defaults_equals_create_and_keeps_the_former_defaults() {
    NatsSourceSettings<String> source =
        NatsSourceSettings.fromConfig(ConfigFactory.load(), SERVERS, "ORDERS", "billing", DECODER);
    assertThat(source).isEqualTo(NatsSourceSettings.create(SERVERS, "ORDERS", "billing", DECODER));
    assertThat(source.maxBatch()).isEqualTo(500);
    assertThat(source.fetchWait()).isEqualTo(Duration.ofSeconds(1));
    assertThat(source.maxAckPending()).isEqualTo(1_000);
    assertThat(source.ackWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(source.maxDeliver()).isEqualTo(5);
    assertThat(source.nakOnFailure()).contains(Duration.ofSeconds(1));
    assertThat(source.keyHeader()).isEqualTo(NatsSourceSettings.DEFAULT_KEY_HEADER);
    assertThat(source.deadLetterSubject()).isEqualTo("ORDERS.dlq");
    assertThat(source.createDeadLetterStream()).isTrue();
    assertThat(source.createStreamSubjects()).isEmpty();
    assertThat(source.connectionTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(source.filterSubject()).isEmpty();

    NatsCoreSettings<String> core = NatsCoreSettings.fromConfig(ConfigFactory.load(), SERVERS, "orders.>", DECODER);
    assertThat(core).isEqualTo(NatsCoreSettings.create(SERVERS, "orders.>", DECODER));
    @SuppressWarnings("deprecation")
    NatsCoreSettings<String> former = new NatsCoreSettings<>(SERVERS, "orders.>", null, DECODER, 256,
        Duration.ofMillis(100), 65_536, NatsSourceSettings.DEFAULT_KEY_HEADER, Duration.ofSeconds(5));
    assertThat(core).isEqualTo(former);
  }

  @Test
  void an_application_config_overrides_the_defaults_and_off_turns_naks_off() {
    NatsSourceSettings<String> source = NatsSourceSettings.fromConfig(config(
        "tributary.nats.source { max-batch = 50, ack-wait = 2m, nak-on-failure = off, key-header = K,\n"
            + "  create-dead-letter-stream = false }"), SERVERS, "ORDERS", "billing", DECODER);
    assertThat(source.maxBatch()).isEqualTo(50);
    assertThat(source.ackWait()).isEqualTo(Duration.ofMinutes(2));
    assertThat(source.nakOnFailure()).isEmpty();
    assertThat(source.nakDelayAfter(3)).isZero();
    assertThat(source.keyHeader()).isEqualTo("K");
    assertThat(source.createDeadLetterStream()).isFalse();
    NatsCoreSettings<String> core = NatsCoreSettings.fromConfig(config("tributary.nats.core.pending-limit = 10"),
        SERVERS, "s", DECODER);
    assertThat(core.pendingLimit()).isEqualTo(10);
  }

  @Test
  void a_wrong_value_in_the_config_names_its_path() {
    assertThatThrownBy(() -> NatsSourceSettings.fromConfig(config("tributary.nats.source.fetch-wait = 500ms"),
        SERVERS, "S", "d", DECODER))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'tributary.nats.source.fetch-wait': must be >= 1s (the NATS client's minimum), "
            + "was 500ms");
    assertThatThrownBy(() -> NatsCoreSettings.fromConfig(config("tributary.nats.core.max-batch = -1"), SERVERS,
        "s", DECODER))
        .hasMessageContaining("'tributary.nats.core.max-batch': must be >= 1, was -1");
  }

  @Test
  void names_and_subjects_keep_the_rules_the_pipeline_checks_too() {
    assertThatThrownBy(() -> NatsSourceSettings.create(SERVERS, "a.b", "d", DECODER))
        .hasMessage("stream name must be letters, digits, '-' or '_' (no dots, wildcards or spaces), was 'a.b'");
    NatsSourceSettings<String> base = NatsSourceSettings.create(SERVERS, "S", "d", DECODER);
    assertThatThrownBy(() -> base.withDeadLetterSubject("dead.*"))
        .hasMessage("deadLetterSubject must be a plain subject without wildcards, was 'dead.*'");
    assertThatThrownBy(() -> base.withFetchWait(Duration.ofMillis(10)))
        .hasMessage("fetchWait must be >= 1s (the NATS client's minimum), was PT0.01S");
    NatsSourceSettings<String> changed = base.withoutNakOnFailure().withMaxDeliver(2);
    assertThat(base.nakOnFailure()).isPresent();
    assertThat(changed.nakOnFailure()).isEmpty();
    assertThat(changed.withNakOnFailure(Duration.ofSeconds(4)).nakDelayAfter(2)).isEqualTo(Duration.ofSeconds(8));
    assertThat(changed.maxDeliver()).isEqualTo(2);
  }
}
