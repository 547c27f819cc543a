package io.tributary.cli.broker;

import io.tributary.streams.settings.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Syntax checks of the broker addresses the commands take, so that a malformed one is a usage error
 * naming the flag (exit 2) before any client is built, rather than a client library's exception.
 * Whether anything answers at the address is the client's business, not checked here.
 */
public final class Endpoints {

  /** {@code host:port} or {@code [ipv6]:port}. */
  private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+):(\\d{1,5})");
  private static final Set<String> NATS_SCHEMES = Set.of("nats", "tls", "opentls", "ws", "wss");
  private static final Set<String> AMQP_SCHEMES = Set.of("amqp", "amqps");

  private Endpoints() {}

  /**
   * Checks Kafka bootstrap servers: {@code HOST:PORT[,HOST:PORT...]}, ports 1 to 65535.
   *
   * @throws IllegalArgumentException naming {@code flag} and the offending part
   */
  public static String kafka(String flag, String servers) {
    if (servers == null || servers.isBlank()) {
      throw new IllegalArgumentException(flag + " must not be empty; expected HOST:PORT[,HOST:PORT...]");
    }
    for (String part : servers.split(",", -1)) {
      Matcher m = HOST_PORT.matcher(part.trim());
      if (!m.matches() || !validPort(Integer.parseInt(m.group(2)))) {
        throw new IllegalArgumentException(flag + ": '" + part.trim() + "' is not HOST:PORT (port 1-65535); "
            + "expected e.g. 127.0.0.1:9092");
      }
    }
    return servers;
  }

  /**
   * Checks a NATS server URL list: {@code nats://host[:port][,nats://host[:port]...]}.
   *
   * @throws IllegalArgumentException naming {@code flag} and the offending part
   */
  public static String nats(String flag, String urls) {
    if (urls == null || urls.isBlank()) {
      throw new IllegalArgumentException(flag + " must not be empty; expected e.g. nats://127.0.0.1:4222");
    }
    for (String part : urls.split(",", -1)) {
      url(flag, part.trim(), NATS_SCHEMES, "nats://127.0.0.1:4222");
    }
    return urls;
  }

  /**
   * Checks an AMQP URI: {@code amqp[s]://[user:password@]host[:port][/vhost]}.
   *
   * @throws IllegalArgumentException naming {@code flag}, with the password masked
   */
  public static String amqp(String flag, String uri) {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException(flag + " must not be empty; expected e.g. amqp://guest:guest@127.0.0.1:5672");
    }
    url(flag, uri.trim(), AMQP_SCHEMES, "amqp://guest:guest@127.0.0.1:5672");
    return uri;
  }

  private static void url(String flag, String text, Set<String> schemes, String example) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(flag + ": '" + masked(text) + "' is not a valid URL (" + e.getReason()
          + "); expected e.g. " + example);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!schemes.contains(scheme)) {
      List<String> starts = schemes.stream().sorted().map(x -> x + "://").toList();
      // "uri must start with amqp:// or amqps://" is the wording the connector settings use too
      throw new IllegalArgumentException(flag + ": " + (schemes == AMQP_SCHEMES ? "uri" : "url")
          + " must start with " + String.join(", ", starts.subList(0, starts.size() - 1)) + " or "
          + starts.get(starts.size() - 1) + ", was '" + masked(text) + "'; expected e.g. " + example);
    }
    // a port that is not a number leaves the URI without a host (a "registry" authority)
    if (uri.getHost() == null || (uri.getPort() != -1 && !validPort(uri.getPort()))) {
      throw new IllegalArgumentException(flag + ": '" + masked(text) + "' has no valid host[:port] "
          + "(port 1-65535); expected e.g. " + example);
    }
  }

  private static boolean validPort(int port) {
    return port >= 1 && port <= 65535;
  }

  /** The URL with the password of its user info replaced, for messages. */
  private static String masked(String text) {
    return Secrets.uri(text);
  }
}
