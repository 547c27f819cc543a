package io.tributary.cluster;

/**
 * A {@code host:port} pair, as seed nodes and joins are given on command lines and in config.
 *
 * @param host the host name or address
 * @param port the port, 1 to 65535
 */
public record HostPort(String host, int port) {

  /**
   * Parses {@code text}.
   *
   * @param text {@code host:port}
   * @param what what the text is, for the message (e.g. {@code "a seed node"})
   * @return the pair
   * @throws IllegalArgumentException naming {@code what} and the expected form when {@code text} is not one
   */
  public static HostPort parse(String text, String what) {
    String t = text == null ? "" : text.trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new IllegalArgumentException(what + " must be HOST:PORT, was '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be HOST:PORT with a numeric port, was '" + text + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(what + " needs a port from 1 to 65535, was '" + text + "'");
    }
    return new HostPort(t.substring(0, colon), port);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
