package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.cli.CommandRun;
import io.tributary.cli.Main;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./tributary broker --security sasl_ssl} in a child JVM, as a user runs it, and the client commands against
 * it with {@code --client-config}: the happy path, kcat with {@code ca.pem} and SCRAM, each wrong setting's error,
 * and no password in anything printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredKafkaCommandsTest {

  private static final String PASSWORD = "Brk-pw-7f3e9c";
  private static final List<String> PRINTED = new ArrayList<>();

  @TempDir
  static Path dir;

  private static Process broker;
  private static String bootstrap;
  private static Path clientConfig;

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    Path tls = dir.resolve("tls");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "broker", "--port", "0",
        "--security", "sasl_ssl", "--user", "alice", "--password", PASSWORD, "--tls-dir", tls.toString()));
    broker = new ProcessBuilder(command).redirectOutput(dir.resolve("broker.out").toFile())
        .redirectError(dir.resolve("broker.err").toFile()).start();
    await("the broker's two ready lines").atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(100))
        .until(() -> read("broker.out").lines().count() >= 2 || !broker.isAlive());
    List<String> lines = read("broker.out").lines().toList();
    assertThat(lines).as("broker stdout; stderr:%n%s", read("broker.err")).hasSize(2);
    Matcher first = Pattern.compile("bootstrap\\.servers=127\\.0\\.0\\.1:(\\d+)").matcher(lines.get(0));
    assertThat(first.matches()).as(lines.get(0)).isTrue();
    bootstrap = "127.0.0.1:" + first.group(1);
    clientConfig = tls.resolve("client.properties");
    assertThat(lines.get(1)).isEqualTo("client.config=" + clientConfig);
    assertThat(tls.resolve("ca.pem")).isNotEmptyFile();
    assertThat(tls.resolve("truststore.p12")).isNotEmptyFile();
    assertThat(Files.getPosixFilePermissions(clientConfig))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.destroy();
      broker.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(1)
  void produce_and_consume_with_the_client_config_move_every_record() throws Exception {
    CommandRun produce = run("produce", "--bootstrap-servers", bootstrap, "--client-config", clientConfig.toString(),
        "--topic", "secured", "--count", "200", "--keys", "7");
    assertThat(produce.code()).as("produce; stderr:%n%s", produce.err()).isZero();
    assertThat(produce.outLines()).containsExactly("produced 200 records to secured");
    // the same user with SASL PLAIN instead of SCRAM-SHA-512
    Path plain = dir.resolve("plain.properties");
    Files.writeString(plain, Files.readString(clientConfig).replace("SCRAM-SHA-512", "PLAIN")
        .replace("org.apache.kafka.common.security.scram.ScramLoginModule",
            "org.apache.kafka.common.security.plain.PlainLoginModule"));
    CommandRun viaPlain = run("produce", "--bootstrap-servers", bootstrap, "--client-config", plain.toString(),
        "--topic", "secured", "--count", "10", "--keys", "7");
    assertThat(viaPlain.code()).as("produce with PLAIN; stderr:%n%s", viaPlain.err()).isZero();
    int total = 210;
    if (Kcat.installed()) {
      kcatProduce("secured", List.of("kc1:{\"id\":1000}", "kc2:{\"id\":1001}", "kc3:{\"id\":1002}"));
      total += 3;
    }
    // the password from a file, not from the config: ${file:PATH}
    Path passwordFile = dir.resolve("kafka-password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    Path fromFile = dir.resolve("from-file.properties");
    Files.writeString(fromFile, Files.readString(clientConfig).replace(PASSWORD, "${file:" + passwordFile + "}"));
    assertThat(Files.readString(fromFile)).doesNotContain(PASSWORD);
    Path out = dir.resolve("consumed.tsv");
    CommandRun consume = run("consume", "--bootstrap-servers", bootstrap, "--client-config", fromFile.toString(),
        "--topic", "secured", "--group", "g1", "--max-idle-seconds", "2", "--out", out.toString());
    assertThat(consume.code()).as("consume; stderr:%n%s", consume.err()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(total);
  }

  @Test
  @Order(2)
  void a_pipeline_kafka_sink_with_client_config_delivers_and_its_check_shows_no_secret() throws Exception {
    Path config = dir.resolve("secured-pipeline.conf");
    Files.writeString(config, """
        sources { gen { type = generator, format = log, rate_per_s = 0, count = 50 } }
        sinks {
          out {
            type = kafka
            inputs = [gen]
            bootstrap_servers = "%s"
            topic = piped
            client_config = "%s"
            properties { "sasl.jaas.config" = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\\"alice\\" password=\\"%s\\";" }
          }
        }
        """.formatted(bootstrap, clientConfig, PASSWORD));
    CommandRun check = run("pipeline", "--check", config.toString());
    assertThat(check.code()).as(check.err()).isZero();
    CommandRun pipeline = run("pipeline", config.toString());
    assertThat(pipeline.code()).as("pipeline; stderr:%n%s", pipeline.err()).isZero();
    Path out = dir.resolve("piped.tsv");
    CommandRun consume = run("consume", "--bootstrap-servers", bootstrap, "--client-config", clientConfig.toString(),
        "--topic", "piped", "--group", "gp", "--max-idle-seconds", "2", "--out", out.toString());
    assertThat(consume.code()).as("consume; stderr:%n%s", consume.err()).isZero();
    assertThat(Files.readAllLines(out)).hasSize(50);
  }

  @Test
  @Order(3)
  void a_wrong_password_fails_at_once_naming_authentication_and_the_broker() throws Exception {
    Path wrong = dir.resolve("wrong.properties");
    Files.writeString(wrong, Files.readString(clientConfig).replace(PASSWORD, "${env:NO_SUCH_VAR_FOR_TEST}"));
    CommandRun unresolved = run("produce", "--bootstrap-servers", bootstrap, "--client-config", wrong.toString(),
        "--topic", "secured", "--count", "1");
    assertThat(unresolved.code()).isEqualTo(2);
    assertThat(unresolved.err()).contains("the environment variable NO_SUCH_VAR_FOR_TEST");

    Files.writeString(wrong, Files.readString(clientConfig).replace(PASSWORD, "Not-the-pw-123"));
    CommandRun produce = run("produce", "--bootstrap-servers", bootstrap, "--client-config", wrong.toString(),
        "--topic", "secured", "--count", "1", "--timeout-ms", "10000");
    assertThat(produce.code()).isEqualTo(1);
    assertThat(produce.err()).contains("tributary produce: authentication failed at Kafka at bootstrap.servers="
        + bootstrap + " (security.protocol=SASL_SSL, sasl.mechanism=SCRAM-SHA-512)")
        .contains("check the user name and password in sasl.jaas.config")
        .doesNotContain("Not-the-pw-123");
    assertThat(produce.millis()).isLessThan(10_000);

    CommandRun consume = run("consume", "--bootstrap-servers", bootstrap, "--client-config", wrong.toString(),
        "--topic", "secured", "--group", "g2", "--max-idle-seconds", "2");
    assertThat(consume.code()).isEqualTo(1);
    assertThat(consume.err()).contains("authentication failed at Kafka at bootstrap.servers=" + bootstrap)
        .doesNotContain("Not-the-pw-123");
  }

  @Test
  @Order(4)
  void an_untrusted_certificate_fails_naming_the_truststore() throws Exception {
    Path untrusted = dir.resolve("untrusted.properties");
    List<String> lines = Files.readAllLines(clientConfig).stream().filter(l -> !l.startsWith("ssl.truststore"))
        .toList();
    Files.write(untrusted, lines);
    CommandRun consume = run("consume", "--bootstrap-servers", bootstrap, "--client-config", untrusted.toString(),
        "--topic", "secured", "--group", "g3", "--max-idle-seconds", "2");
    assertThat(consume.code()).isEqualTo(1);
    assertThat(consume.err()).contains("the TLS certificate of Kafka at bootstrap.servers=" + bootstrap
        + " is not trusted").contains("check that ssl.truststore.location");
    assertThat(consume.millis()).isLessThan(15_000);
  }

  @Test
  @Order(5)
  void a_plaintext_client_on_the_tls_port_is_told_so_within_the_timeout() {
    CommandRun produce = run("produce", "--bootstrap-servers", bootstrap, "--topic", "secured", "--count", "1",
        "--timeout-ms", "3000");
    assertThat(produce.code()).isEqualTo(1);
    assertThat(produce.err()).contains("Kafka at bootstrap.servers=" + bootstrap + " speaks TLS on " + bootstrap
        + " but this client uses security.protocol=PLAINTEXT");
    assertThat(produce.millis()).isLessThan(10_000);
  }

  @Test
  @Order(6)
  void nothing_printed_by_the_broker_or_the_clients_holds_a_password() throws Exception {
    String storePassword = Files.readAllLines(clientConfig).stream()
        .filter(l -> l.startsWith("ssl.truststore.password=")).findFirst().orElseThrow().substring(24);
    List<String> everything = new ArrayList<>(PRINTED);
    everything.add(read("broker.out"));
    everything.add(read("broker.err"));
    for (String text : everything) {
      assertThat(text).doesNotContain(PASSWORD).doesNotContain(storePassword);
    }
    assertThat(everything).isNotEmpty();
  }

  private static CommandRun run(String... args) {
    CommandRun run = CommandRun.of(args);
    PRINTED.add(run.out());
    PRINTED.add(run.err());
    return run;
  }

  private static void kcatProduce(String topic, List<String> keyValueLines) throws Exception {
    Path caPem = clientConfig.getParent().resolve("ca.pem");
    Process p = new ProcessBuilder("kcat", "-P", "-b", bootstrap, "-t", topic, "-K:",
        "-X", "security.protocol=SASL_SSL", "-X", "sasl.mechanisms=SCRAM-SHA-512",
        "-X", "sasl.username=alice", "-X", "sasl.password=" + PASSWORD, "-X", "ssl.ca.location=" + caPem)
        .redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write((String.join("\n", keyValueLines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kcat ended; output:%n%s", output).isTrue();
    assertThat(p.exitValue()).as("kcat exit code; output:%n%s", output).isZero();
  }

  private static String read(String name) {
    try {
      Path file = dir.resolve(name);
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "(unreadable " + name + ": " + e + ")";
    }
  }
}
