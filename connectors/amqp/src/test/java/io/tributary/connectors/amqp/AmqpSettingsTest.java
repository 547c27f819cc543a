package io.tributary.connectors.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.codec.PayloadDecoder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The AMQP connection, source and sink settings from tributary.amqp in the config (no broker needed). */
class AmqpSettingsTest {

  private static final String URI = "amqp://guest:secret@127.0.0.1:5672";
  private static final PayloadDecoder<String> DECODER = PayloadDecoder.string();

  private static Config config(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load());
  }

  @Test
  void from_config_with_the_defaults_equals_create_and_keeps_the_former_defaults() {
    Config config = ConfigFactory.load();
    AmqpConnectionSettings connection = AmqpConnectionSettings.fromConfig(config, URI);
    assertThat(connection).isEqualTo(AmqpConnectionSettings.create(URI));
    assertThat(connection.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(connection.heartbeat()).isEqualTo(Duration.ofSeconds(15));
    assertThat(connection.rpcTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(connection.recoveryInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(connection.recoveryTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(connection.connectionName()).isEqualTo("tributary");

    AmqpSourceSettings<String> source = AmqpSourceSettings.fromConfig(config, URI, "orders", DECODER);
    assertThat(source).isEqualTo(AmqpSourceSettings.create(URI, "orders", DECODER));
    assertThat(source.prefetch()).isEqualTo(256);
    assertThat(source.declarations()).containsExactly(AmqpDeclaration.queue("orders"));
    assertThat(source.keyHeader()).isNull();
    assertThat(source.deadLetterQueue("orders")).isEqualTo("orders.dlq");
    assertThat(source.deadLetterExchange()).isEmpty();

    AmqpSinkSettings sink = AmqpSinkSettings.fromConfig(config, URI);
    assertThat(sink).isEqualTo(AmqpSinkSettings.create(URI));
    assertThat(sink.maxInFlight()).isEqualTo(256);
    assertThat(sink.confirmTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(sink.declarations()).isEmpty();
  }

  @Test
  void an_application_config_overrides_the_defaults() {
    Config config = config("tributary.amqp { connection.heartbeat = 0s, connection.connection-name = billing,\n"
        + "  source { prefetch = 1000, declare-queue = false, key-header = Tributary-Key },\n"
        + "  sink.confirm-timeout = 5s }");
    AmqpSourceSettings<String> source = AmqpSourceSettings.fromConfig(config, URI, "orders", DECODER);
    assertThat(source.prefetch()).isEqualTo(1000);
    assertThat(source.declarations()).isEmpty();
    assertThat(source.keyHeader()).isEqualTo("Tributary-Key");
    assertThat(source.connection().heartbeat()).isZero();
    assertThat(source.connection().connectionName()).isEqualTo("billing");
    AmqpSinkSettings sink = AmqpSinkSettings.fromConfig(config, URI);
    assertThat(sink.confirmTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(sink.connection().heartbeat()).isZero();
  }

  @Test
  void a_wrong_value_in_the_config_names_its_path() {
    assertThatThrownBy(() -> AmqpSourceSettings.fromConfig(config("tributary.amqp.source.prefetch = 70000"), URI,
        "q", DECODER))
        .isInstanceOf(ConfigException.BadValue.class)
        .hasMessageContaining("'tributary.amqp.source.prefetch': must be <= 65535 (AMQP's limit), was 70000");
    assertThatThrownBy(() -> AmqpSourceSettings.fromConfig(config("tributary.amqp.source.dead-letter-suffix = \"\""),
        URI, "q", DECODER))
        .hasMessageContaining("'tributary.amqp.source.dead-letter-suffix': must not be empty: dead letters would go "
            + "back to the queue");
    assertThatThrownBy(() -> AmqpConnectionSettings.fromConfig(config("tributary.amqp.connection.heartbeat = -1s"),
        URI))
        .hasMessageContaining("'tributary.amqp.connection.heartbeat': must be >= 0s (0 = off), was -1s");
  }

  @Test
  void with_methods_copy_and_the_password_stays_out_of_to_string() {
    AmqpSourceSettings<String> base = AmqpSourceSettings.create(URI, "orders", DECODER);
    AmqpSourceSettings<String> changed = base.withPrefetch(10).withKeyFromHeader("k").withoutDeclarations();
    assertThat(base.prefetch()).isEqualTo(256);
    assertThat(base.declarations()).hasSize(1);
    assertThat(changed.prefetch()).isEqualTo(10);
    assertThat(changed.keyHeader()).isEqualTo("k");
    assertThat(changed.withKeyFromRoutingKey().keyHeader()).isNull();
    assertThat(changed.declarations()).isEmpty();
    assertThat(base.toString() + AmqpSinkSettings.create(URI) + AmqpConnectionSettings.create(URI))
        .doesNotContain("secret");
    assertThatThrownBy(() -> base.withPrefetch(0)).hasMessage("prefetch must be >= 1, was 0");
    assertThatThrownBy(() -> AmqpSinkSettings.create(URI).withDeclarations(List.of()).withMaxInFlight(0))
        .hasMessage("maxInFlight must be >= 1, was 0");
  }

  @Test
  void a_uri_whose_port_is_not_a_number_is_refused_instead_of_connecting_to_the_default_port() {
    for (String bad : List.of("amqp://127.0.0.1:notaport", "amqp://guest:secret@127.0.0.1:99999/", "amqp:///vhost")) {
      assertThatThrownBy(() -> AmqpConnectionSettings.create(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("uri has no valid host[:port] (port 1-65535)")
          .hasMessageNotContaining("secret");
    }
    assertThat(AmqpConnectionSettings.create("amqp://127.0.0.1").uri()).isEqualTo("amqp://127.0.0.1");
  }
}
