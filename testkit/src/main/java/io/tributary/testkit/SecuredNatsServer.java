package io.tributary.testkit;

import io.tributary.embedded.kafka.ThrowawayCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A second {@code nats-server} for a test, with TLS (a throwaway CA, see {@link ThrowawayCertificates}), JetStream
 * and the authorization block the test gives, on a free port of 127.0.0.1. The server binary is
 * {@code /usr/sbin/nats-server} unless {@code -Dtributary.nats.server} names another. Stopped at {@link #close()}.
 *
 * <pre>{@code
 * try (SecuredNatsServer nats = SecuredNatsServer.start(dir, "authorization { user: alice, password: pw }")) {
 *     NatsSecurity security = NatsSecurity.none().withCaFile(nats.caPem()).withUserPassword("alice", "pw");
 * }
 * }</pre>
 */
public final class SecuredNatsServer implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final int port;
  private final Path dir;
  private final Path caPem;
  private final Thread hook;

  private SecuredNatsServer(Process process, int port, Path dir, Path caPem) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.caPem = caPem;
    this.hook = new Thread(process::destroyForcibly, "secured-nats-server-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Generates the certificates, writes the config and starts the server; returns once it accepts connections.
   *
   * @param dir a directory of the test's own (certificates, config, JetStream store, log)
   * @param authorization the server's {@code authorization { ... }} block (users, token or NKeys)
   * @return the running server
   * @throws IOException when files cannot be written or the server cannot start
   */
  public static SecuredNatsServer start(Path dir, String authorization) throws IOException {
    Files.createDirectories(dir);
    return start(dir, authorization, ThrowawayCertificates.generate(dir.resolve("tls"),
        UUID.randomUUID().toString().replace("-", ""), false));
  }

  /**
   * As {@link #start(Path, String)}, with certificates made before (several servers may share them: generating
   * takes a few seconds).
   *
   * @param certs the CA and server certificate to use
   */
  public static SecuredNatsServer start(Path dir, String authorization, ThrowawayCertificates certs)
      throws IOException {
    return start(dir, authorization, certs, true);
  }

  /**
   * As {@link #start(Path, String, ThrowawayCertificates)}, with JetStream on or off (a server in operator mode
   * needs a system account for JetStream).
   *
   * @param authorization the server's authentication config: an {@code authorization { ... }} block, or
   *     {@code operator}, {@code resolver} and {@code resolver_preload} lines for decentralized (JWT) auth
   * @param jetStream whether JetStream runs
   */
  public static SecuredNatsServer start(Path dir, String authorization, ThrowawayCertificates certs,
      boolean jetStream) throws IOException {
    Files.createDirectories(dir);
    Path cert = dir.resolve("server.pem");
    Path key = dir.resolve("server-key.pem");
    certs.writeServerPem(cert, key);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    String config = "listen: \"127.0.0.1:" + port + "\"\n"
        + (jetStream ? "jetstream { store_dir: \"" + dir.resolve("js")
            + "\", max_memory_store: 64MB, max_file_store: 256MB }\n" : "")
        + "tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\", timeout: 5 }\n"
        + authorization + "\n";
    Path configFile = dir.resolve("nats-server.conf");
    Files.writeString(configFile, config, StandardCharsets.UTF_8);
    String binary = System.getProperty("tributary.nats.server", "/usr/sbin/nats-server");
    Path log = dir.resolve("nats-server.log");
    Process process = new ProcessBuilder(List.of(binary, "-c", configFile.toString()))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    SecuredNatsServer server = new SecuredNatsServer(process, port, dir, certs.caPem());
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!accepts(port)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        server.close();
        throw new IOException("nats-server did not start on 127.0.0.1:" + port + " within " + READY_TIMEOUT
            + "; its log " + log + ":\n" + Files.readString(log));
      }
      try {
        process.waitFor(50, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        server.close();
        throw new IOException("interrupted while starting nats-server", e);
      }
    }
    return server;
  }

  /** @return {@code nats://127.0.0.1:<port>} */
  public String url() {
    return "nats://127.0.0.1:" + port;
  }

  /** @return the CA that signed the server's certificate, in PEM */
  public Path caPem() {
    return caPem;
  }

  /** @return the server's log file */
  public Path logFile() {
    return dir.resolve("nats-server.log");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs anyway
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
