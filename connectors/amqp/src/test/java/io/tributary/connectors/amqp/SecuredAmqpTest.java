package io.tributary.connectors.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.tributary.testkit.SecuredRabbitMqNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * AMQPS against a second RabbitMQ node with only a TLS listener (a throwaway CA), started for this class: server
 * verification against the CA, a client certificate, credentials kept out of the URI, and the error of each wrong
 * setting.
 */
class SecuredAmqpTest {

  private static final String PASSWORD = "amqp-Pw-4d2";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir
  static Path dir;

  private static SecuredRabbitMqNode node;
  private static String tlsUri;

  @BeforeAll
  static void startNode() throws Exception {
    node = SecuredRabbitMqNode.start(dir.resolve("node"), "tls-user", PASSWORD);
    tlsUri = "amqps://localhost:" + node.port();
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void amqps_with_the_ca_a_client_certificate_and_a_password_from_a_file_moves_a_message() throws Exception {
    Path passwordFile = dir.resolve("amqp-password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    AmqpConnectionSettings settings = AmqpConnectionSettings.create(tlsUri)
        .withTrustedCa(node.certificates().caPem())
        .withClientCertificate(node.certificates().clientKeystore(), node.certificates().storePassword())
        .withCredentials("tls-user", "${file:" + passwordFile + "}")
        .withConnectionTimeout(TIMEOUT);
    assertThat(settings.toString()).doesNotContain(PASSWORD);
    try (Connection connection = AmqpConnections.connect(settings, "test")) {
      Channel channel = connection.createChannel();
      channel.queueDeclare("secured", false, false, true, null);
      channel.basicPublish("", "secured", null, "over-tls".getBytes(StandardCharsets.UTF_8));
      GetResponse got = null;
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (got == null && System.nanoTime() < deadline) {
        got = channel.basicGet("secured", true);
      }
      assertThat(got).isNotNull();
      assertThat(new String(got.getBody(), StandardCharsets.UTF_8)).isEqualTo("over-tls");
    }
  }

  @Test
  void a_wrong_password_is_refused_naming_the_credentials() {
    AmqpConnectionSettings settings = AmqpConnectionSettings.create("amqps://tls-user:Wrong-pw-1@localhost:"
        + node.port()).withTrustedCa(node.certificates().caPem()).withConnectionTimeout(TIMEOUT);
    assertThatThrownBy(() -> AmqpConnections.connect(settings, "test"))
        .isInstanceOf(AmqpSetupException.class)
        .hasMessageStartingWith("RabbitMQ at amqps://tls-user:***@localhost:" + node.port()
            + " refused the credentials")
        .message().doesNotContain("Wrong-pw-1");
  }

  @Test
  void an_untrusted_certificate_is_named() {
    AmqpConnectionSettings settings = AmqpConnectionSettings.create(tlsUri)
        .withCredentials("tls-user", PASSWORD).withConnectionTimeout(TIMEOUT); // the JVM's trust store only
    assertThatThrownBy(() -> AmqpConnections.connect(settings, "test"))
        .isInstanceOf(AmqpSetupException.class)
        .hasMessageStartingWith("the TLS certificate of RabbitMQ at " + tlsUri + " is not trusted")
        .hasMessageContaining("withTrustedCa");
  }

  @Test
  void a_plaintext_client_on_the_tls_port_fails_within_the_timeout_naming_the_broker() {
    String plain = "amqp://localhost:" + node.port();
    AmqpConnectionSettings settings = AmqpConnectionSettings.create(plain)
        .withCredentials("tls-user", PASSWORD).withConnectionTimeout(TIMEOUT);
    long started = System.nanoTime();
    assertThatThrownBy(() -> AmqpConnections.connect(settings, "test"))
        .isInstanceOf(AmqpSetupException.class)
        .hasMessageContaining(plain);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusSeconds(3));
  }
}
