package io.tributary.connectors.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.tributary.streams.codec.PayloadDecoder;
import io.tributary.streams.processing.ProcessingSettings;
import io.tributary.embedded.kafka.ThrowawayCertificates;
import io.tributary.testkit.SecuredNatsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second nats-server with TLS (a throwaway CA), JetStream and authentication, started for this class: user and
 * password, an NKey seed file, a token (a second server), a creds file (a user JWT; a third server in operator
 * mode), and the error of each wrong setting.
 */
class SecuredNatsTest {

  private static final String PASSWORD = "nats-Pw-91c";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** A refused client waits for the server's answer this long (the server closes after its -ERR). */
  private static final Duration REFUSED_TIMEOUT = Duration.ofSeconds(2);

  @TempDir
  static Path dir;

  private static SecuredNatsServer users;
  private static SecuredNatsServer tokens;
  private static SecuredNatsServer operator;
  private static Path credsFile;
  private static Path seedFile;
  private static ActorSystem system;

  @BeforeAll
  static void startServers() throws Exception {
    NKey nkey = NKey.createUser(new SecureRandom());
    String publicKey = new String(nkey.getPublicKey());
    seedFile = dir.resolve("user.nk");
    Files.writeString(seedFile, new String(nkey.getSeed()) + "\n");
    ThrowawayCertificates certs = ThrowawayCertificates.generate(dir.resolve("tls"), "store-pw", false);
    users = SecuredNatsServer.start(dir.resolve("users"), "authorization { users = [\n"
        + "  { user: alice, password: \"" + PASSWORD + "\" }\n"
        + "  { nkey: " + publicKey + " }\n] }", certs);
    tokens = SecuredNatsServer.start(dir.resolve("tokens"), "authorization { token: \"tok-" + PASSWORD + "\" }",
        certs);
    operator = startOperatorMode(certs);
    system = ActorSystem.create("secured-nats-test");
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      system.terminate();
    }
    for (SecuredNatsServer s : new SecuredNatsServer[] {users, tokens, operator}) {
      if (s != null) {
        s.close();
      }
    }
  }

  @Test
  void a_runner_consumes_over_tls_with_user_and_password() throws Exception {
    NatsSecurity security = NatsSecurity.none().withCaFile(users.caPem()).withUserPassword("alice", PASSWORD);
    try (Connection c = NatsConnections.connect(users.url(), security, TIMEOUT, "setup")) {
      JetStreamManagement jsm = c.jetStreamManagement();
      jsm.addStream(StreamConfiguration.builder().name("SECURED").subjects("secured.>")
          .storageType(StorageType.Memory).build());
      for (int i = 0; i < 20; i++) {
        c.jetStream().publish("secured.e", ("{\"id\":" + i + "}").getBytes(StandardCharsets.UTF_8));
      }
    }
    Set<String> seen = ConcurrentHashMap.newKeySet();
    NatsSourceSettings<String> settings = NatsSourceSettings
        .create(users.url(), "SECURED", "d1", PayloadDecoder.string()).withSecurity(security);
    assertThat(settings.toString()).doesNotContain(PASSWORD);
    NatsRunner<String> runner = NatsRunner.start(system, settings, ProcessingSettings.defaults(), envelope -> {
      seen.add(envelope.payload());
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    try {
      await().atMost(Duration.ofSeconds(15)).until(() -> seen.size() == 20);
    } finally {
      runner.drain(Duration.ofSeconds(5)).toCompletableFuture().join();
      runner.release().toCompletableFuture().join();
    }
  }

  @Test
  void an_nkey_seed_file_authenticates_and_an_unreadable_creds_file_is_named() throws Exception {
    NatsSecurity security = NatsSecurity.none().withCaFile(users.caPem()).withNKeySeedFile(seedFile);
    try (Connection c = NatsConnections.connect(users.url(), security, TIMEOUT, "nkey")) {
      assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      c.flush(TIMEOUT);
    }
    NatsSecurity missing = NatsSecurity.none().withCaFile(users.caPem())
        .withCredentialsFile(dir.resolve("missing.creds"));
    assertThatThrownBy(() -> NatsConnections.connect(users.url(), missing, TIMEOUT, "creds"))
        .isInstanceOf(NatsSetupException.class).hasMessageContaining("missing.creds");
  }

  /** Decentralized auth: an operator, an account signed by it, a user JWT signed by the account in a creds file. */
  private static SecuredNatsServer startOperatorMode(ThrowawayCertificates certs) throws Exception {
    NKey operatorKey = NKey.createOperator(new SecureRandom());
    NKey accountKey = NKey.createAccount(new SecureRandom());
    NKey userKey = NKey.createUser(new SecureRandom());
    String operatorPub = new String(operatorKey.getPublicKey());
    String accountPub = new String(accountKey.getPublicKey());
    long now = JwtUtils.currentTimeSeconds();
    String operatorJwt = JwtUtils.issueJWT(operatorKey, operatorPub, "test-operator", null, now, operatorPub,
        () -> "{\"type\":\"operator\",\"version\":2}");
    String accountJwt = JwtUtils.issueJWT(operatorKey, accountPub, "test-account", null, now, operatorPub,
        () -> "{\"limits\":{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,\"exports\":-1,"
            + "\"wildcards\":true,\"conn\":-1,\"leaf\":-1},\"type\":\"account\",\"version\":2}");
    String userJwt = JwtUtils.issueUserJWT(accountKey, accountPub, new String(userKey.getPublicKey()));
    credsFile = dir.resolve("user.creds");
    Files.writeString(credsFile, String.format(JwtUtils.NATS_USER_JWT_FORMAT, userJwt,
        new String(userKey.getSeed())));
    return SecuredNatsServer.start(dir.resolve("operator"), "operator: " + operatorJwt + "\nresolver: MEMORY\n"
        + "resolver_preload: {\n  " + accountPub + ": " + accountJwt + "\n}", certs, false);
  }

  @Test
  void a_credentials_file_authenticates_against_a_server_in_operator_mode() throws Exception {
    NatsSecurity security = NatsSecurity.none().withCaFile(operator.caPem()).withCredentialsFile(credsFile);
    try (Connection c = NatsConnections.connect(operator.url(), security, TIMEOUT, "creds")) {
      c.flush(TIMEOUT);
      assertThat(c.getStatus()).isEqualTo(Connection.Status.CONNECTED);
    }
    NatsSecurity seedOnly = NatsSecurity.none().withCaFile(operator.caPem()).withNKeySeedFile(seedFile);
    assertThatThrownBy(() -> NatsConnections.connect(operator.url(), seedOnly, REFUSED_TIMEOUT, "no-jwt"))
        .isInstanceOf(NatsSetupException.class)
        .hasMessageStartingWith("authentication failed at NATS " + operator.url());
  }

  @Test
  void a_token_from_a_file_authenticates_and_a_wrong_one_is_named() throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "tok-" + PASSWORD + "\n");
    NatsSecurity good = NatsSecurity.none().withCaFile(tokens.caPem()).withToken("${file:" + tokenFile + "}");
    try (Connection c = NatsConnections.connect(tokens.url(), good, TIMEOUT, "token")) {
      c.flush(TIMEOUT);
    }
    NatsSecurity bad = NatsSecurity.none().withCaFile(tokens.caPem()).withToken("not-the-token");
    assertThatThrownBy(() -> NatsConnections.connect(tokens.url(), bad, REFUSED_TIMEOUT, "token"))
        .isInstanceOf(NatsSetupException.class)
        .hasMessageStartingWith("authentication failed at NATS " + tokens.url() + " (authentication: a token)")
        .message().doesNotContain("not-the-token");
  }

  @Test
  void a_wrong_password_fails_at_once_naming_authentication_and_the_server() {
    NatsSecurity wrong = NatsSecurity.none().withCaFile(users.caPem()).withUserPassword("alice", "Wrong-pw-5");
    long started = System.nanoTime();
    assertThatThrownBy(() -> NatsConnections.connect(users.url(), wrong, REFUSED_TIMEOUT, "wrong"))
        .isInstanceOf(NatsSetupException.class)
        .hasMessageStartingWith("authentication failed at NATS " + users.url()
            + " (authentication: user alice with a password)")
        .hasMessageContaining("check the user and password")
        .message().doesNotContain("Wrong-pw-5");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(REFUSED_TIMEOUT.plusSeconds(2));
  }

  @Test
  void an_untrusted_certificate_is_named() {
    // the JVM's default truststore does not know the throwaway CA
    String tlsUrl = users.url().replace("nats://", "tls://");
    NatsSecurity noCa = NatsSecurity.none().withUserPassword("alice", PASSWORD);
    assertThatThrownBy(() -> NatsConnections.connect(tlsUrl, noCa, TIMEOUT, "untrusted"))
        .isInstanceOf(NatsSetupException.class)
        .hasMessageStartingWith("the TLS certificate of NATS at " + tlsUrl + " is not trusted");
  }

  @Test
  void a_client_without_tls_is_told_the_server_requires_it() {
    NatsSecurity plain = NatsSecurity.none().withUserPassword("alice", PASSWORD);
    assertThatThrownBy(() -> NatsConnections.connect(users.url(), plain, TIMEOUT, "plain"))
        .isInstanceOf(NatsSetupException.class)
        .hasMessageContaining(users.url());
  }
}
