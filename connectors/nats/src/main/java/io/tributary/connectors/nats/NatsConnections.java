package io.tributary.connectors.nats;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.tributary.streams.settings.Secrets;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens NATS connections the way the connector needs them: one attempt per server at startup,
 * bounded by a connection timeout (never an endless reconnect loop before the first connection),
 * the client's reconnects once connected, and the client's events logged through SLF4J. Use it for
 * connections you pass to {@link NatsSink} or share between sources.
 */
public final class NatsConnections {

  private static final Logger log = LoggerFactory.getLogger(NatsConnections.class);

  private NatsConnections() {}

  /**
   * Connects to {@code servers} (one URL or a comma-separated list, e.g. {@code
   * nats://127.0.0.1:4222}) or fails with a {@link NatsSetupException} that names them, within
   * about {@code connectionTimeout} per server.
   *
   * @param connectionName the name the server shows for this connection (may be null)
   */
  public static Connection connect(String servers, Duration connectionTimeout, String connectionName) {
    return connect(servers, NatsSecurity.none(), connectionTimeout, connectionName);
  }

  /**
   * As {@link #connect(String, Duration, String)}, secured by {@code security} (TLS, authentication); a failure to
   * authenticate, to trust the server or to speak TLS is named as such.
   *
   * @param security TLS and authentication ({@link NatsSecurity#none()} for neither)
   * @param connectionName the name the server shows for this connection (may be null)
   */
  public static Connection connect(String servers, NatsSecurity security, Duration connectionTimeout,
      String connectionName) {
    Objects.requireNonNull(servers, "servers");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(connectionTimeout, "connectionTimeout");
    String[] urls = Arrays.stream(servers.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .toArray(String[]::new);
    if (urls.length == 0) {
      throw new IllegalArgumentException("servers must name at least one NATS URL, was '" + servers + "'");
    }
    String where = Secrets.uri(servers);
    Slf4jErrorListener listener = new Slf4jErrorListener();
    Options.Builder options = new Options.Builder()
        .servers(urls)
        .connectionTimeout(connectionTimeout)
        .errorListener(listener)
        .connectionListener((conn, event) -> log.info("NATS connection {}: {}", where, event));
    if (connectionName != null) {
      options.connectionName(connectionName);
    }
    security.applyTo(options);
    long started = System.nanoTime();
    try {
      Connection connection = Nats.connect(options.build());
      log.info("connected to NATS {} (server {}) in {} ms", where, connection.getServerInfo().getVersion(),
          (System.nanoTime() - started) / 1_000_000);
      return connection;
    } catch (IOException e) {
      String problem = securityProblem(listener.seen(e), listener.detail(), where, security);
      if (problem != null) {
        throw new NatsSetupException(problem, e);
      }
      throw new NatsSetupException("cannot connect to NATS at " + where + " within "
          + connectionTimeout.toMillis() + " ms: " + rootMessage(listener.seen(e))
          + "; check that nats-server runs there (with -js for JetStream) and that the URL is right", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NatsSetupException("interrupted while connecting to NATS at " + where, e);
    } catch (RuntimeException e) {
      throw new NatsSetupException("cannot connect to NATS at " + where + ": " + Secrets.text(e.toString()), e);
    }
  }

  /** Names an authentication or TLS failure, or returns null for anything else. */
  private static String securityProblem(Throwable e, String detail, String where, NatsSecurity security) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" | ");
    }
    String text = all.toString().toLowerCase(java.util.Locale.ROOT);
    String root = detail != null ? detail : rootMessage(e);
    if (text.contains("authorization violation") || text.contains("authentication")) {
      return "authentication failed at NATS " + where + " (authentication: " + security.authentication() + "): "
          + root + "; check the user and password, the token, or the NKey seed / credentials file";
    }
    if (text.contains("certification path") || text.contains("pkix")) {
      return "the TLS certificate of NATS at " + where + " is not trusted (" + root + "); check that the CA file "
          + "(withCaFile) holds the CA that signed the server's certificate";
    }
    if (text.contains("ssl required") || text.contains("tls required") || text.contains("secure connection")) {
      return "NATS at " + where + " requires TLS but this client connects without it (" + root + "); give the "
          + "server's CA (withCaFile) or use a tls:// URL";
    }
    if (text.contains("sslhandshake") || text.contains("handshake")) {
      return "the TLS handshake with NATS at " + where + " failed (" + root + "); check the CA file, the client "
          + "certificate (for servers that verify clients) and that the server speaks TLS";
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      sb.append(" (").append(t).append(')');
    }
    return Secrets.text(sb.toString());
  }

  /** Reports the client's asynchronous errors through SLF4J. */
  private static final class Slf4jErrorListener implements ErrorListener {
    /** What the server and client reported while connecting: the client's exception hides them. */
    private final StringBuffer reported = new StringBuffer();
    private volatile String detail;

    /** @return {@code e} with what was reported during the attempt in its message, for classification */
    Throwable seen(Throwable e) {
      return reported.length() == 0 ? e : new IOException(reported.toString(), e);
    }

    /** @return the most telling report: the server's error, else the innermost client exception, else null */
    String detail() {
      return detail;
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
      detail = Secrets.text(error);
      reported.append(error).append("; ");
      log.warn("NATS server error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      StringBuilder chain = new StringBuilder();
      for (Throwable t = exp; t != null && chain.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
        chain.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append(" / ");
      }
      reported.append(Secrets.text(chain.toString())).append("; ");
      Throwable root = exp;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      if (detail == null && !(root instanceof java.util.concurrent.TimeoutException)) {
        detail = Secrets.text(root.getClass().getSimpleName() + ": " + root.getMessage());
      }
      log.debug("NATS client exception", exp);
      log.warn("NATS client exception: {}", Secrets.text(chain.toString()));
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
      log.warn("NATS slow consumer: the client's pending limit was reached and messages were dropped "
          + "(core NATS is at-most-once; use JetStream for at-least-once)");
    }
  }

  /** @return whether the connection is closed for good (no reconnect will follow) */
  static boolean isClosed(Connection connection) {
    return connection.getStatus() == Connection.Status.CLOSED;
  }

  /** Closes a connection, logging instead of throwing. */
  static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("closing the NATS connection failed: {}", e.toString());
    }
  }
}
