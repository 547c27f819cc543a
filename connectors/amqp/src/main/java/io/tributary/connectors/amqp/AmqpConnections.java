package io.tributary.connectors.amqp;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.MalformedFrameException;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.LongStringHelper;
import io.tributary.streams.envelope.Header;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import io.tributary.streams.settings.SecretReferences;
import io.tributary.streams.settings.Secrets;
import io.tributary.streams.settings.TlsContexts;
import javax.net.ssl.SSLContext;

/** Opens connections with clear errors, declares topology, converts headers. */
final class AmqpConnections {

  private AmqpConnections() {}

  /** @return {@code uri} with the password replaced by {@code ***} */
  static String mask(String uri) {
    return Secrets.uri(uri);
  }

  /**
   * Opens a connection (automatic recovery off: the caller reconnects) or throws an {@link
   * AmqpSetupException} that says why and what to do.
   *
   * @param purpose what the connection is for, appended to the connection name
   */
  static Connection connect(AmqpConnectionSettings settings, String purpose) {
    ConnectionFactory factory = new ConnectionFactory();
    String where = settings.maskedUri();
    try {
      factory.setUri(settings.uri());
      if (settings.user().isPresent()) {
        factory.setUsername(settings.user().get());
        factory.setPassword(SecretReferences.resolve(settings.password()));
      }
      if (settings.uri().regionMatches(true, 0, "amqps:", 0, 6)) {
        // the given CA or the JVM's trust store, never trust-all
        factory.useSslProtocol(settings.trustedCa().isEmpty() && settings.clientCertificate().isEmpty()
            ? SSLContext.getDefault()
            : TlsContexts.create(settings.trustedCa().orElse(null), settings.clientCertificate().orElse(null),
                settings.clientCertificatePassword()));
        factory.enableHostnameVerification();
      }
    } catch (Exception e) {
      throw new AmqpSetupException("invalid AMQP URI " + where + ": " + e.getMessage()
          + "; expected amqp://user:password@host:port/vhost", e);
    }
    factory.setAutomaticRecoveryEnabled(false);
    factory.setExceptionHandler(new QuietConnectionExceptionHandler());
    factory.setTopologyRecoveryEnabled(false);
    factory.setConnectionTimeout(millis(settings.connectionTimeout()));
    factory.setHandshakeTimeout(millis(settings.connectionTimeout()));
    factory.setRequestedHeartbeat((int) Math.min(Integer.MAX_VALUE, settings.heartbeat().toSeconds()));
    factory.setChannelRpcTimeout(millis(settings.rpcTimeout()));
    factory.setShutdownTimeout(millis(settings.rpcTimeout()));
    String threadPrefix = "tributary-amqp-" + purpose + "-";
    AtomicInteger threads = new AtomicInteger();
    factory.setThreadFactory(r -> new Thread(r, threadPrefix + threads.incrementAndGet()));
    try {
      return factory.newConnection(settings.connectionName() + "-" + purpose);
    } catch (ConnectException e) {
      throw new AmqpSetupException("cannot connect to RabbitMQ at " + where + ": " + e.getMessage()
          + "; is the broker running (rabbitmq-server -detached) and are host and port right?", e);
    } catch (UnknownHostException e) {
      throw new AmqpSetupException("cannot connect to RabbitMQ at " + where + ": unknown host "
          + e.getMessage() + "; check the host in the URI", e);
    } catch (SocketTimeoutException | TimeoutException e) {
      throw new AmqpSetupException("cannot connect to RabbitMQ at " + where + ": no answer within "
          + settings.connectionTimeout().toMillis() + " ms; check the host, port and firewall, or raise "
          + "withConnectionTimeout", e);
    } catch (PossibleAuthenticationFailureException e) {
      throw new AmqpSetupException("RabbitMQ at " + where + " refused the credentials: "
          + e.getMessage() + "; check the user and password in the URI", e);
    } catch (IOException e) {
      String tls = tlsProblem(e, where);
      if (tls != null) {
        throw new AmqpSetupException(tls, e);
      }
      MalformedFrameException malformed = causeOf(e, MalformedFrameException.class);
      if (malformed != null) { // e.g. an HTTP server or another protocol's broker on that port
        throw new AmqpSetupException("the server at " + where + " does not speak AMQP 0-9-1 ("
            + malformed.getMessage() + "); check the host and port in the URI (RabbitMQ's AMQP port "
            + "is 5672, 5671 with TLS)" + (settings.uri().regionMatches(true, 0, "amqp:", 0, 5)
                ? "; a TLS listener needs amqps://" : ""), e);
      }
      ShutdownSignalException signal = signalOf(e);
      if (signal != null) {
        String hint = "/".equals(URI.create(settings.uri()).getRawPath())
            ? " (a trailing '/' in the URI selects the virtual host \"\"; drop it, or write /%2F for "
                + "the default virtual host \"/\")"
            : "";
        throw new AmqpSetupException("RabbitMQ at " + where + " closed the connection during the "
            + "handshake: " + describe(signal) + "; check the virtual host in the URI" + hint
            + " and the user's permissions on it", e);
      }
      throw new AmqpSetupException("cannot connect to RabbitMQ at " + where + ": " + e
          + "; is the broker running and the URI right?", e);
    }
  }

  /** Names a TLS failure (untrusted certificate, host name, refused client certificate), or returns null. */
  private static String tlsProblem(Throwable e, String where) {
    StringBuilder all = new StringBuilder();
    boolean ssl = false;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      ssl |= t instanceof javax.net.ssl.SSLException;
      all.append(t.getMessage()).append(" | ");
    }
    if (!ssl) {
      return null;
    }
    String text = all.toString().toLowerCase(java.util.Locale.ROOT);
    String root = Secrets.text(rootOf(e).toString());
    if (text.contains("certification path") || text.contains("pkix")) {
      return "the TLS certificate of RabbitMQ at " + where + " is not trusted (" + root + "); check that the CA "
          + "file (withTrustedCa) holds the CA that signed the broker's certificate";
    }
    if (text.contains("subject alternative") || text.contains("no name matching")) {
      return "the TLS certificate of RabbitMQ at " + where + " does not name the host connected to (" + root
          + "); connect by a name the certificate lists";
    }
    if (text.contains("unrecognized ssl message") || text.contains("plaintext")) {
      return "the server at " + where + " does not speak TLS (" + root + "); use amqp:// or the broker's TLS "
          + "port (5671 by default)";
    }
    return "the TLS handshake with RabbitMQ at " + where + " failed (" + root + "); check the CA file, the client "
        + "certificate (for brokers that verify clients) and that the port is the broker's TLS listener";
  }

  private static Throwable rootOf(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** Declares each entity in order, or throws an {@link AmqpSetupException} naming the conflict. */
  static void declare(Channel channel, List<AmqpDeclaration> declarations, String where) {
    for (AmqpDeclaration declaration : declarations) {
      try {
        if (declaration instanceof AmqpDeclaration.Exchange x) {
          channel.exchangeDeclare(x.name(), x.type(), x.durable(), x.autoDelete(), x.arguments());
        } else if (declaration instanceof AmqpDeclaration.Queue q) {
          channel.queueDeclare(q.name(), q.durable(), q.exclusive(), q.autoDelete(), q.arguments());
        } else if (declaration instanceof AmqpDeclaration.Binding b) {
          channel.queueBind(b.queue(), b.exchange(), b.routingKey(), b.arguments());
        }
      } catch (IOException | ShutdownSignalException e) {
        ShutdownSignalException signal = signalOf(e);
        throw new AmqpSetupException("declaring " + declaration + " on " + where + " failed: "
            + (signal != null ? describe(signal) : e.toString())
            + "; an existing entity must be declared with the same properties and arguments "
            + "(delete it or change the declaration)", e);
      }
    }
  }

  /** Checks that {@code queue} exists (a passive declare), or throws a clear {@link AmqpSetupException}. */
  static void requireQueue(Channel channel, String queue, String where) {
    try {
      channel.queueDeclarePassive(queue);
    } catch (IOException | ShutdownSignalException e) {
      ShutdownSignalException signal = signalOf(e);
      throw new AmqpSetupException("queue '" + queue + "' is not available on " + where + ": "
          + (signal != null ? describe(signal) : e.toString())
          + "; declare it (AmqpDeclaration.queue) or check the name and virtual host", e);
    }
  }

  /** @return the first cause of {@code e} (itself included) of type {@code type}, or null */
  static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** @return the broker's close reason inside {@code e}, or null */
  static ShutdownSignalException signalOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ShutdownSignalException s) {
        return s;
      }
    }
    return null;
  }

  /** @return e.g. {@code 404 NOT_FOUND - no queue 'x' in vhost '/'} */
  static String describe(ShutdownSignalException signal) {
    Object reason = signal.getReason();
    if (reason instanceof AMQP.Channel.Close close) {
      return close.getReplyCode() + " " + close.getReplyText();
    }
    if (reason instanceof AMQP.Connection.Close close) {
      return close.getReplyCode() + " " + close.getReplyText();
    }
    Throwable cause = signal.getCause();
    return cause == null ? signal.getMessage() : signal.getMessage() + ": " + cause;
  }

  /** @return the AMQP headers table as envelope headers (non-text values as their text form) */
  static List<Header> toHeaders(Map<String, Object> table) {
    if (table == null || table.isEmpty()) {
      return List.of();
    }
    List<Header> headers = new ArrayList<>(table.size());
    for (Map.Entry<String, Object> e : table.entrySet()) {
      headers.add(new Header(e.getKey(), bytesOf(e.getValue())));
    }
    return headers;
  }

  private static byte[] bytesOf(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof LongString s) {
      return s.getBytes();
    }
    if (value instanceof byte[] b) {
      return b;
    }
    return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
  }

  /** @return envelope headers as an AMQP headers table (values as byte strings) */
  static Map<String, Object> toTable(List<Header> headers) {
    Map<String, Object> table = new LinkedHashMap<>();
    for (Header h : headers) {
      table.put(h.key(), h.value() == null ? null : LongStringHelper.asLongString(h.value()));
    }
    return table;
  }

  /** @return the header as UTF-8 text, or null */
  static String text(Map<String, Object> table, String name) {
    if (table == null) {
      return null;
    }
    byte[] bytes = bytesOf(table.get(name));
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static int millis(java.time.Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  /** Closes quietly (the connection may already be gone). */
  static void closeQuietly(Connection connection, int timeoutMillis) {
    if (connection == null) {
      return;
    }
    try {
      if (connection.isOpen()) {
        connection.close(timeoutMillis);
      }
    } catch (Exception e) {
      connection.abort(timeoutMillis);
    }
  }
}
