package io.tributary.connectors.kafka;

import io.tributary.connectors.kafka.admin.KafkaSetupException;
import io.tributary.connectors.kafka.admin.KafkaUnreachableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

/**
 * Turns a Kafka client's failure to connect into an error a person can act on: what failed (authentication, TLS
 * trust, a plaintext client on a TLS port, nothing answering), against which brokers, and what to check. Secrets in
 * the client's own messages are masked.
 */
public final class KafkaConnectionProblems {

  private static final int PROBE_TIMEOUT_MS = 2_000;

  private KafkaConnectionProblems() {}

  /**
   * Explains why a client could not talk to the brokers.
   *
   * @param bootstrapServers the brokers tried
   * @param connection the client's connection properties ({@code security.protocol}, {@code sasl.mechanism}, ...)
   * @param timeout how long the client tried
   * @param failure what the client reported (a cause of an {@code ExecutionException}, or a timeout)
   * @return the exception to throw: a {@link KafkaUnreachableException} when nothing answered
   */
  public static KafkaSetupException explain(String bootstrapServers, Map<String, ?> connection, Duration timeout,
      Throwable failure) {
    String protocol = KafkaClientConfig.securityProtocol(connection);
    String where = "Kafka at bootstrap.servers=" + bootstrapServers;
    String root = KafkaPreflight.rootMessage(failure);
    if (failure instanceof SaslAuthenticationException) {
      Object mechanism = connection.get("sasl.mechanism");
      return new KafkaSetupException("authentication failed at " + where + " (security.protocol=" + protocol
          + ", sasl.mechanism=" + (mechanism == null ? "GSSAPI" : mechanism) + "): " + root
          + "; check the user name and password in sasl.jaas.config and that the broker enables that mechanism "
          + "for this user", failure);
    }
    if (failure instanceof SslAuthenticationException) {
      return new KafkaSetupException(tlsProblem(where, root), failure);
    }
    if (failure instanceof AuthenticationException) {
      return new KafkaSetupException("authentication failed at " + where + " (security.protocol=" + protocol
          + "): " + root + "; check the credentials in the client config", failure);
    }
    if (failure instanceof AuthorizationException) {
      return new KafkaSetupException("not authorized at " + where + ": " + root + "; the user authenticated but "
          + "lacks the ACLs for this operation (describe cluster and topics, read, write)", failure);
    }
    if (!protocol.endsWith("SSL")) {
      Optional<String> tls = tlsListener(bootstrapServers);
      if (tls.isPresent()) {
        return new KafkaSetupException(where + " speaks TLS on " + tls.get() + " but this client uses "
            + "security.protocol=" + protocol + ", so no answer came within " + timeout + "; give the client "
            + "config of that listener (--client-config FILE, with security.protocol=SSL or SASL_SSL and a "
            + "truststore)", failure);
      }
    }
    return new KafkaUnreachableException("cannot reach Kafka at bootstrap.servers=" + bootstrapServers
        + " within " + timeout + " (" + root + "); check the address and that the brokers are up"
        + (protocol.equals("PLAINTEXT") ? "" : ", and that the listener there uses security.protocol=" + protocol),
        failure);
  }

  private static String tlsProblem(String where, String root) {
    String lower = root.toLowerCase(Locale.ROOT);
    if (lower.contains("certification path") || lower.contains("pkix")) {
      return "the TLS certificate of " + where + " is not trusted (" + root + "); check that "
          + "ssl.truststore.location (or ssl.truststore.certificates) holds the CA that signed the broker's "
          + "certificate";
    }
    if (lower.contains("subject alternative") || lower.contains("hostname") || lower.contains("no name matching")) {
      return "the TLS certificate of " + where + " does not name the host connected to (" + root + "); connect "
          + "by a name the certificate lists, or fix the certificate's subject alternative names";
    }
    if (lower.contains("bad_certificate") || lower.contains("certificate_required")
        || lower.contains("certificate_unknown") || lower.contains("unknown_ca")) {
      return "the TLS handshake with " + where + " was refused by the broker (" + root + "); it requires a client "
          + "certificate it trusts: check ssl.keystore.location, ssl.keystore.password and that the broker "
          + "trusts the CA that signed it";
    }
    if (lower.contains("unrecognized ssl message") || lower.contains("plaintext connection")) {
      return "the TLS handshake with " + where + " failed because the listener there is not TLS (" + root
          + "); use security.protocol=PLAINTEXT or SASL_PLAINTEXT, or the TLS listener's port";
    }
    return "the TLS handshake with " + where + " failed (" + root + "); check the truststore, the keystore (for "
        + "mutual TLS) and that the port is the broker's TLS listener";
  }

  /**
   * Tries a TLS handshake on each bootstrap address, trusting any certificate (nothing is sent after the
   * handshake), to tell a plaintext client on a TLS port from an unreachable broker.
   *
   * @return the first address that completed a TLS handshake (or answered with a TLS alert)
   */
  static Optional<String> tlsListener(String bootstrapServers) {
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new ProbeTrustManager()}, null);
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
    for (String address : bootstrapServers.split(",")) {
      String hostPort = address.trim();
      int colon = hostPort.lastIndexOf(':');
      if (colon < 0) {
        continue;
      }
      String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
      int port;
      try {
        port = Integer.parseInt(hostPort.substring(colon + 1));
      } catch (NumberFormatException e) {
        continue;
      }
      try (Socket plain = new Socket()) {
        plain.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MS);
        plain.setSoTimeout(PROBE_TIMEOUT_MS);
        try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
          tls.startHandshake();
          return Optional.of(hostPort);
        } catch (SSLException e) {
          String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
          if (message.contains("alert")) { // a TLS server that refused us (e.g. mutual TLS on TLS 1.2)
            return Optional.of(hostPort);
          }
        }
      } catch (IOException e) {
        // nothing there, or no TLS: try the next address
      }
    }
    return Optional.empty();
  }

  /** Trusts every certificate: used only to learn whether a port speaks TLS, never to send data. */
  private static final class ProbeTrustManager implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      // a probe: no client certificates are checked
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      // a probe: the handshake only shows that TLS is spoken; nothing is sent over it
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
