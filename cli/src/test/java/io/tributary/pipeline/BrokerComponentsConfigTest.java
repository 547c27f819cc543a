package io.tributary.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Config validation of the {@code amqp} and {@code nats} sources and sinks (no broker needed). */
class BrokerComponentsConfigTest {

  @Test
  void valid_amqp_and_nats_components_pass() {
    Pipeline p = Pipeline.parse("sources {\n"
        + "  a { type = amqp, uri = \"amqp://guest:guest@127.0.0.1:5672\", queue = orders, prefetch = 512,"
        + " key_header = Tributary-Key, declare_queue = false, dead_letter_suffix = \".bad\" }\n"
        + "  n { type = nats, url = \"nats://127.0.0.1:4222\", stream = ORDERS, durable = billing,"
        + " subject = \"orders.>\", ack_wait_s = 60 } }\n"
        + "sinks {\n"
        + "  x { type = amqp, inputs = [a], uri = \"amqp://127.0.0.1:5672\", exchange = events, exchange_type = topic,"
        + " routing_key = order.created, declare_queue = audit, key_field = key, mandatory = false,"
        + " max_in_flight = 64 }\n"
        + "  y { type = nats, inputs = [n], url = \"nats://127.0.0.1:4222\", subject = orders.copy,"
        + " create_stream = ORDERS_COPY, key_field = subject, max_in_flight = 100 } }\n");
    assertThat(p.summary()).isEqualTo("2 sources, 0 transforms, 2 sinks");
  }

  @Test
  void missing_invalid_and_unknown_options_are_each_named() {
    List<String> errors = ConfigErrors.of("sources {\n"
        + "  a { type = amqp, uri = \"http://127.0.0.1:5672\", prefetch = 70000 }\n"
        + "  n { type = nats, url = \"nats://127.0.0.1:4222\", stream = \"a.b\", durabel = d } }\n"
        + "sinks {\n"
        + "  x { type = amqp, inputs = [a], uri = \"amqp://127.0.0.1\", routing_key = q1, declare_queue = q2,"
        + " exchange_type = topic, key_field = keyy }\n"
        + "  y { type = nats, inputs = [n], url = \"nats://127.0.0.1:4222\", subject = \"orders.*\" } }\n");
    assertThat(errors).containsExactly(
        "sources.a.uri: uri must start with amqp:// or amqps://, was 'http://127.0.0.1:5672'",
        "sources.a.queue: missing (required for type 'amqp')",
        "sources.a.prefetch: must be <= 65535 (AMQP's limit), was 70000",
        "sources.n.stream: must be letters, digits, '-' or '_' (no dots, wildcards or spaces), was 'a.b'",
        "sources.n.durable: missing (required for type 'nats')",
        "sources.n.durabel: unknown option for type 'nats' (did you mean 'durable'? options: ack_wait_s, ca_file, "
            + "client_certificate, client_certificate_password, credentials_file, durable, nkey_seed_file, "
            + "password, stream, subject, token, type, url, user)",
        "sinks.x.exchange_type: needs an exchange: the default exchange cannot be declared",
        "sinks.x.declare_queue: through the default exchange messages go to the queue named by routing_key ('q1'), "
            + "not to 'q2'",
        "sinks.x.key_field: unknown field 'keyy' (did you mean 'key'?)",
        "sinks.y.subject: must be a plain subject without wildcards, was 'orders.*'");
  }

  @Test
  void an_amqp_uri_with_a_port_that_is_not_a_number_fails_the_check() {
    List<String> errors = ConfigErrors.of("sources {\n"
        + "  a { type = amqp, uri = \"amqp://127.0.0.1:notaport\", queue = q }\n"
        + "}\n"
        + "sinks { s { type = stdout, inputs = [a] } }\n");
    assertThat(errors).containsExactly("sources.a.uri: uri has no valid host[:port] (port 1-65535): "
        + "'amqp://127.0.0.1:notaport'; expected e.g. amqp://guest:guest@127.0.0.1:5672");
  }

  @Test
  void tls_and_credential_options_are_checked_and_never_echo_a_secret() {
    Pipeline valid = Pipeline.parse("sources {\n"
        + "  a { type = amqp, uri = \"amqps://127.0.0.1:5671\", queue = q, ca_file = /tmp/ca.pem, user = u,"
        + " password = \"${env:AMQP_PASSWORD}\" }\n"
        + "  n { type = nats, url = \"nats://127.0.0.1:4443\", stream = S, durable = d, ca_file = /tmp/ca.pem,"
        + " credentials_file = /tmp/u.creds } }\n"
        + "sinks { s { type = stdout, inputs = [a, n] } }\n");
    assertThat(valid.summary()).isEqualTo("2 sources, 0 transforms, 1 sinks");
    List<String> errors = ConfigErrors.of("sources {\n"
        + "  a { type = amqp, uri = \"amqps://127.0.0.1:5671\", queue = q, user = u }\n"
        + "  n { type = nats, url = \"nats://127.0.0.1:4443\", stream = S, durable = d, token = Tok-secret-1,"
        + " user = u, password = Pw-secret-2 } }\n"
        + "sinks { s { type = stdout, inputs = [a, n] } }\n");
    assertThat(errors).containsExactly("sources.a.user: user and password go together",
        "sources.n.user: choose one way to authenticate: user/password, token, nkey_seed_file or credentials_file");
    assertThat(String.join("\n", errors)).doesNotContain("secret");
  }
}
