package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import io.tributary.testkit.SecuredNatsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code produce} and {@code consume} against a second nats-server with TLS, JetStream and a user, with
 * {@code --client-config} (CA file, user, password from a file); a wrong password and an unknown key are named,
 * and nothing printed holds the password.
 */
class SecuredNatsCommandsTest {

  private static final String PASSWORD = "Nats-cli-pw-82";

  @TempDir
  static Path dir;

  private static SecuredNatsServer nats;
  private static final List<String> PRINTED = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    nats = SecuredNatsServer.start(dir.resolve("nats"),
        "authorization { users = [ { user: carol, password: \"" + PASSWORD + "\" } ] }");
  }

  @AfterAll
  static void stopServer() {
    if (nats != null) {
      nats.close();
    }
  }

  @Test
  void produce_and_consume_over_tls_with_a_client_config_and_a_password_from_a_file() throws Exception {
    Path passwordFile = dir.resolve("nats-password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    Path config = dir.resolve("nats.properties");
    Files.writeString(config, "ca_file=" + nats.caPem() + "\nuser=carol\npassword=${file:" + passwordFile + "}\n");
    CommandRun produce = run("produce", "--nats-url", nats.url(), "--client-config", config.toString(),
        "--stream", "SECURED", "--count", "25", "--keys", "5");
    assertThat(produce.code()).as("produce; stderr:%n%s", produce.err()).isZero();
    assertThat(produce.outLines()).containsExactly("produced 25 records to SECURED");
    Path out = dir.resolve("consumed.tsv");
    CommandRun consume = run("consume", "--nats-url", nats.url(), "--client-config", config.toString(),
        "--stream", "SECURED", "--max-idle-seconds", "2", "--out", out.toString());
    assertThat(consume.code()).as("consume; stderr:%n%s", consume.err()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(25);
  }

  @Test
  void a_wrong_password_and_an_unknown_key_are_named() throws Exception {
    Path wrong = dir.resolve("wrong.properties");
    Files.writeString(wrong, "ca_file=" + nats.caPem() + "\nuser=carol\npassword=Not-it-77\n");
    CommandRun produce = run("produce", "--nats-url", nats.url(), "--client-config", wrong.toString(),
        "--stream", "SECURED", "--count", "1", "--timeout-ms", "2000");
    assertThat(produce.code()).isEqualTo(1);
    assertThat(produce.err()).contains("tributary produce: authentication failed at NATS " + nats.url()
        + " (authentication: user carol with a password): Authorization Violation").doesNotContain("Not-it-77");

    Path unknown = dir.resolve("unknown.properties");
    Files.writeString(unknown, "security.protocol=SSL\n");
    CommandRun usage = run("consume", "--nats-url", nats.url(), "--client-config", unknown.toString(),
        "--stream", "SECURED", "--max-idle-seconds", "1");
    assertThat(usage.code()).isEqualTo(2);
    assertThat(usage.err()).contains("--client-config: unknown key(s) [security.protocol] for NATS");
    for (String text : PRINTED) {
      assertThat(text).doesNotContain(PASSWORD);
    }
  }

  private static CommandRun run(String... args) {
    CommandRun run = CommandRun.of(args);
    PRINTED.add(run.out());
    PRINTED.add(run.err());
    return run;
  }
}
