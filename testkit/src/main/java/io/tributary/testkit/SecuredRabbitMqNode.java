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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A second RabbitMQ node for a test, with only a TLS listener (a throwaway CA, see {@link ThrowawayCertificates})
 * on a free port of 127.0.0.1 and one user, beside the machine's own node: its own node name, ports, config,
 * data and log directories, and Erlang cookie. About 6 s to start on two cores. The server script is
 * {@code /usr/lib/rabbitmq/bin/rabbitmq-server} unless {@code -Dtributary.rabbitmq.server} names another.
 * Stopped at {@link #close()}.
 */
public final class SecuredRabbitMqNode implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final int port;
  private final Path dir;
  private final ThrowawayCertificates certs;
  private final Thread hook;

  private SecuredRabbitMqNode(Process process, int port, Path dir, ThrowawayCertificates certs) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.certs = certs;
    this.hook = new Thread(this::stop, "secured-rabbitmq-stop");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Generates the certificates (with a client certificate), writes the config and starts the node; returns once
   * its TLS port accepts connections.
   *
   * @param dir a directory of the test's own
   * @param user the user the node creates
   * @param password its password
   * @return the running node
   * @throws IOException when the node cannot start
   */
  public static SecuredRabbitMqNode start(Path dir, String user, String password) throws IOException {
    Files.createDirectories(dir);
    ThrowawayCertificates certs = ThrowawayCertificates.generate(dir.resolve("tls"),
        UUID.randomUUID().toString().replace("-", ""), true);
    Path cert = dir.resolve("tls").resolve("server.pem");
    Path key = dir.resolve("tls").resolve("server-key.pem");
    certs.writeServerPem(cert, key);
    int port = freePort();
    int distPort = freePort();
    Path config = dir.resolve("rabbitmq.conf");
    Files.writeString(config, String.join("\n",
        "listeners.tcp = none",
        "listeners.ssl.default = 127.0.0.1:" + port,
        "ssl_options.cacertfile = " + certs.caPem(),
        "ssl_options.certfile = " + cert,
        "ssl_options.keyfile = " + key,
        "ssl_options.verify = verify_peer",
        "ssl_options.fail_if_no_peer_cert = false",
        "loopback_users = none",
        "default_user = " + user,
        "default_pass = " + password,
        ""), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("enabled_plugins"), "[].\n");
    Files.createDirectories(dir.resolve("mnesia"));
    Files.createDirectories(dir.resolve("log"));
    Path out = dir.resolve("rabbitmq.out");
    ProcessBuilder builder = new ProcessBuilder(List.of(
        System.getProperty("tributary.rabbitmq.server", "/usr/lib/rabbitmq/bin/rabbitmq-server")))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
    Map<String, String> env = builder.environment();
    env.put("RABBITMQ_NODENAME", "tributary-tls-" + port + "@localhost");
    env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("RABBITMQ_CONFIG_FILE", config.toString());
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString());
    env.put("HOME", dir.toString()); // its own Erlang cookie
    SecuredRabbitMqNode node = new SecuredRabbitMqNode(builder.start(), port, dir, certs);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!accepts(port)) {
      if (!node.process.isAlive() || System.nanoTime() > deadline) {
        node.close();
        throw new IOException("the TLS RabbitMQ node did not open 127.0.0.1:" + port + " within " + READY_TIMEOUT
            + "; its output " + out + ":\n" + Files.readString(out));
      }
      try {
        node.process.waitFor(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        node.close();
        throw new IOException("interrupted while starting RabbitMQ", e);
      }
    }
    return node;
  }

  /** @return the node's TLS port on 127.0.0.1 */
  public int port() {
    return port;
  }

  /** @return the certificates: {@link ThrowawayCertificates#caPem()}, the client's {@code client.p12} */
  public ThrowawayCertificates certificates() {
    return certs;
  }

  /** @return the node's log directory */
  public Path logDir() {
    return dir.resolve("log");
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook runs anyway
    }
  }

  private void stop() {
    List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroy); // SIGTERM: the Erlang VM stops the node
    for (ProcessHandle p : all) {
      try {
        p.onExit().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
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
