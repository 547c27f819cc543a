package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CommandRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code produce} and {@code consume} pointed at an endpoint that is not their broker: a local port
 * that speaks HTTP (answers {@code HTTP/1.1 400} and closes, as a web server or a proxy would) and a
 * closed port. Each run fails with exit 1 within a bound, and its message names the endpoint, with no
 * stack trace: nothing hangs waiting for a broker that will never answer.
 */
class WrongEndpointTest {

  /** Produce's connect bound is --timeout-ms; consume's are the connectors' setup timeouts. */
  private static final long BOUND_MS = 40_000;

  private static ServerSocket http;
  private static Thread httpThread;
  private static int closedPort;

  @BeforeAll
  static void startHttpAndFindClosedPort() throws IOException {
    http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    httpThread = new Thread(WrongEndpointTest::answerHttp, "http-400");
    httpThread.setDaemon(true);
    httpThread.start();
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort(); // closed again when the try ends: nothing listens there
    }
  }

  @AfterAll
  static void stopHttp() throws IOException {
    http.close();
  }

  /** Answers every connection with an HTTP 400, whatever the client sent, and closes it. */
  private static void answerHttp() {
    while (!http.isClosed()) {
      try (Socket socket = http.accept()) {
        socket.setSoTimeout(500);
        InputStream in = socket.getInputStream();
        try {
          in.read(new byte[4096]); // what the client says first, if anything
        } catch (IOException timeout) {
          // a client that waits for the server to speak first (AMQP does not, NATS does)
        }
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // closed at the end of the tests, or a client that hung up first
      }
    }
  }

  static Stream<Arguments> wrongEndpoints() {
    List<Arguments> cases = new ArrayList<>();
    for (String kind : List.of("http", "closed")) {
      cases.add(Arguments.of(kind, "kafka", "127.0.0.1:%d"));
      cases.add(Arguments.of(kind, "amqp", "amqp://guest:guest@127.0.0.1:%d"));
      cases.add(Arguments.of(kind, "nats", "nats://127.0.0.1:%d"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{1} at a {0} port")
  @MethodSource("wrongEndpoints")
  void produce_fails_clearly_and_in_bounded_time(String kind, String broker, String address) {
    String endpoint = String.format(address, kind.equals("http") ? http.getLocalPort() : closedPort);
    CommandRun run = switch (broker) {
      // Kafka's client retries the endpoint until --timeout-ms runs out (always, here): 2 s are several
      // reconnect attempts (backoff 50 ms to 1 s) and keep the bound checked below far away.
      case "kafka" -> CommandRun.of("produce", "--bootstrap-servers", endpoint, "--topic", "t", "--count", "1",
          "--timeout-ms", "2000");
      case "amqp" -> CommandRun.of("produce", "--amqp-uri", endpoint, "--queue", "tributary-wrong-endpoint",
          "--count", "1", "--timeout-ms", "5000");
      default -> CommandRun.of("produce", "--nats-url", endpoint, "--stream", "WRONG", "--count", "1",
          "--timeout-ms", "5000");
    };
    assertFailedClearly(run, endpoint);
  }

  @ParameterizedTest(name = "{1} at a {0} port")
  @MethodSource("wrongEndpoints")
  void consume_fails_clearly_and_in_bounded_time(String kind, String broker, String address) {
    String endpoint = String.format(address, kind.equals("http") ? http.getLocalPort() : closedPort);
    if (broker.equals("kafka") && kind.equals("closed")) {
      return; // the Kafka runner's preflight against a closed port: KafkaSourceTest, 15 s spared here
    }
    CommandRun run = switch (broker) {
      case "kafka" -> CommandRun.of("consume", "--bootstrap-servers", endpoint, "--topic", "t", "--group", "g");
      case "amqp" -> CommandRun.of("consume", "--amqp-uri", endpoint, "--queue", "tributary-wrong-endpoint");
      default -> CommandRun.of("consume", "--nats-url", endpoint, "--stream", "WRONG");
    };
    assertFailedClearly(run, endpoint);
  }

  private static void assertFailedClearly(CommandRun run, String endpoint) {
    String all = run.out() + run.err();
    assertThat(run.code()).as(all).isEqualTo(1);
    assertThat(run.millis()).as(all).isLessThan(BOUND_MS);
    String hostPort = endpoint.replaceFirst("^.*@|^[a-z]+://", "");
    List<String> messages = run.errLines().stream().filter(l -> l.startsWith("tributary ")).toList();
    assertThat(messages).as(all).isNotEmpty();
    assertThat(messages.get(0)).as("the message names the endpoint").contains(hostPort);
    assertThat(all).as("no stack trace").doesNotContain("\tat ");
    if (endpoint.startsWith("amqp") && !endpoint.endsWith(":" + closedPort)) {
      assertThat(messages.get(0)).contains("does not speak AMQP 0-9-1").contains("check the host and port");
    }
  }
}
