package io.tributary.streams.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void uri_keeps_the_user_and_masks_the_password() {
    assertEquals("amqp://user:***@host", Secrets.uri("amqp://user:s3cret@host"));
    assertEquals("amqps://guest:***@127.0.0.1:5671/vhost", Secrets.uri("amqps://guest:p%40ss@127.0.0.1:5671/vhost"));
    assertEquals("nats://u:***@a:4222,nats://u:***@b:4222", Secrets.uri("nats://u:x@a:4222,nats://u:y@b:4222"));
  }

  @Test
  void uri_masks_a_nats_token_in_the_user_info() {
    assertEquals("nats://***@127.0.0.1:4222", Secrets.uri("nats://t0ken@127.0.0.1:4222"));
    assertEquals("tls://***@127.0.0.1:4443", Secrets.uri("tls://t0ken@127.0.0.1:4443"));
  }

  @Test
  void uri_without_credentials_is_unchanged() {
    assertEquals("amqp://127.0.0.1:5672", Secrets.uri("amqp://127.0.0.1:5672"));
    assertEquals("127.0.0.1:9092", Secrets.uri("127.0.0.1:9092"));
    assertEquals("not a uri: at all", Secrets.uri("not a uri: at all"));
  }

  @Test
  void secret_property_names_are_recognised_in_any_case() {
    assertTrue(Secrets.isSecretName("ssl.truststore.password"));
    assertTrue(Secrets.isSecretName("sasl.jaas.config"));
    assertTrue(Secrets.isSecretName("listener.name.sasl_ssl.plain.sasl.jaas.config"));
    assertTrue(Secrets.isSecretName("API_TOKEN"));
    assertTrue(Secrets.isSecretName("client.Secret"));
    assertTrue(Secrets.isSecretName("ssl.keystore.key"));
    assertFalse(Secrets.isSecretName("bootstrap.servers"));
    assertFalse(Secrets.isSecretName("sasl.mechanism"));
    assertFalse(Secrets.isSecretName("ssl.truststore.location"));
  }

  @Test
  void properties_mask_secret_values_and_uri_passwords_and_keep_order() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put("bootstrap.servers", "127.0.0.1:9093");
    props.put("sasl.jaas.config", "ScramLoginModule required username=\"u\" password=\"pw\";");
    props.put("ssl.truststore.password", "changeit");
    props.put("uri", "amqps://u:pw@host");
    props.put("max.poll.records", 500);
    Map<String, String> masked = Secrets.properties(props);
    assertEquals("[bootstrap.servers, sasl.jaas.config, ssl.truststore.password, uri, max.poll.records]",
        masked.keySet().toString());
    assertEquals("127.0.0.1:9093", masked.get("bootstrap.servers"));
    assertEquals("***", masked.get("sasl.jaas.config"));
    assertEquals("***", masked.get("ssl.truststore.password"));
    assertEquals("amqps://u:***@host", masked.get("uri"));
    assertEquals("500", masked.get("max.poll.records"));
  }

  @Test
  void text_masks_jaas_passwords_key_values_and_uris() {
    String text = "login failed for ScramLoginModule required username=\"alice\" password=\"pw1\"; "
        + "token=abc123, ssl.key.password=kp at amqps://alice:pw2@host:5671";
    String masked = Secrets.text(text);
    assertFalse(masked.contains("pw1"), masked);
    assertFalse(masked.contains("abc123"), masked);
    assertFalse(masked.contains("kp "), masked);
    assertFalse(masked.contains("pw2"), masked);
    assertTrue(masked.contains("username=\"alice\""), masked);
    assertTrue(masked.contains("amqps://alice:***@host:5671"), masked);
  }

  @Test
  void a_server_description_never_holds_a_password() {
    assertEquals("amqps://u:***@h:5671",
        new io.tributary.streams.describe.ServerDescription("amqp", "amqps://u:pw@h:5671").host());
  }

  @Test
  void prose_naming_a_secret_option_is_kept() {
    assertEquals("sources.a.password: user and password go together",
        Secrets.text("sources.a.password: user and password go together"));
  }

  @Test
  void nulls_pass_through() {
    assertEquals(null, Secrets.uri(null));
    assertEquals(null, Secrets.text(null));
    assertEquals(null, Secrets.value("password", null));
  }
}
