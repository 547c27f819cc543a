package io.tributary.connectors.amqp;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to connect to RabbitMQ: the broker URI and the timeouts that keep every failure
 * bounded. Immutable; start with {@link #create} (or {@link #local()}) and change with {@code withX}.
 *
 * <p>Automatic recovery of the RabbitMQ client is off: a {@link AmqpSource} reconnects itself after
 * a lost connection, on a new channel, so that delivery tags of the old channel are never
 * acknowledged on the new one (see {@link AmqpSource}). Publishers ({@link AmqpSink}, {@link
 * AmqpDeadLetterSink}) fail the publishes that were not confirmed when the connection was lost and
 * reconnect on the next publish.
 */
public final class AmqpConnectionSettings {

  private final String uri;
  private final Duration connectionTimeout;
  private final Duration heartbeat;
  private final Duration rpcTimeout;
  private final Duration recoveryInterval;
  private final Duration recoveryTimeout;
  private final String connectionName;

  private AmqpConnectionSettings(String uri, Duration connectionTimeout, Duration heartbeat,
      Duration rpcTimeout, Duration recoveryInterval, Duration recoveryTimeout, String connectionName) {
    this.uri = validUri(uri);
    this.connectionTimeout = positive(connectionTimeout, "connectionTimeout");
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    if (heartbeat.isNegative()) {
      throw new IllegalArgumentException("heartbeat must be >= 0 (0 = off), was " + heartbeat);
    }
    this.rpcTimeout = positive(rpcTimeout, "rpcTimeout");
    this.recoveryInterval = positive(recoveryInterval, "recoveryInterval");
    this.recoveryTimeout = positive(recoveryTimeout, "recoveryTimeout");
    this.connectionName = Objects.requireNonNull(connectionName, "connectionName");
  }

  private static String validUri(String uri) {
    Objects.requireNonNull(uri, "uri");
    String scheme;
    try {
      scheme = URI.create(uri).getScheme();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("uri is not a valid URI: '" + uri + "' (" + e.getMessage()
          + "); expected e.g. amqp://guest:guest@127.0.0.1:5672", e);
    }
    if (!"amqp".equalsIgnoreCase(scheme) && !"amqps".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("uri must start with amqp:// or amqps://, was '"
          + AmqpConnections.mask(uri) + "'");
    }
    return uri;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0, was " + d);
    }
    return d;
  }

  /**
   * Settings for the broker at {@code uri} ({@code amqp://user:password@host:port/vhost}) with
   * the defaults: 10 s to connect, 15 s heartbeat, 30 s for any broker round trip, a reconnect
   * attempt every 2 s for at most 5 minutes after a lost connection. As in every AMQP URI, no
   * path selects the default virtual host {@code /}, while a trailing {@code /} selects the
   * virtual host {@code ""}: write {@code amqp://host:5672} or {@code amqp://host:5672/%2F}, not
   * {@code amqp://host:5672/}.
   */
  public static AmqpConnectionSettings create(String uri) {
    return new AmqpConnectionSettings(uri, Duration.ofSeconds(10), Duration.ofSeconds(15),
        Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMinutes(5), "tributary");
  }

  /** Settings for RabbitMQ on {@code 127.0.0.1:5672} as guest/guest, the development default. */
  public static AmqpConnectionSettings local() {
    return create("amqp://guest:guest@127.0.0.1:5672");
  }

  /** @return a copy with another bound on opening a connection (TCP connect plus AMQP handshake) */
  public AmqpConnectionSettings withConnectionTimeout(Duration d) {
    return new AmqpConnectionSettings(uri, d, heartbeat, rpcTimeout, recoveryInterval, recoveryTimeout,
        connectionName);
  }

  /** @return a copy with another heartbeat interval (a dead peer is noticed after about twice this); 0 = off */
  public AmqpConnectionSettings withHeartbeat(Duration d) {
    return new AmqpConnectionSettings(uri, connectionTimeout, d, rpcTimeout, recoveryInterval,
        recoveryTimeout, connectionName);
  }

  /** @return a copy with another bound on broker round trips (declare, qos, consume, cancel, close) */
  public AmqpConnectionSettings withRpcTimeout(Duration d) {
    return new AmqpConnectionSettings(uri, connectionTimeout, heartbeat, d, recoveryInterval,
        recoveryTimeout, connectionName);
  }

  /** @return a copy that waits this long between reconnect attempts after a lost connection */
  public AmqpConnectionSettings withRecoveryInterval(Duration d) {
    return new AmqpConnectionSettings(uri, connectionTimeout, heartbeat, rpcTimeout, d, recoveryTimeout,
        connectionName);
  }

  /**
   * @return a copy whose sources give up reconnecting after this long without a connection (the
   *     stream then fails with {@link AmqpConnectionLostException})
   */
  public AmqpConnectionSettings withRecoveryTimeout(Duration d) {
    return new AmqpConnectionSettings(uri, connectionTimeout, heartbeat, rpcTimeout, recoveryInterval, d,
        connectionName);
  }

  /** @return a copy whose connections show this name in the broker's management (a suffix is added per use) */
  public AmqpConnectionSettings withConnectionName(String name) {
    return new AmqpConnectionSettings(uri, connectionTimeout, heartbeat, rpcTimeout, recoveryInterval,
        recoveryTimeout, name);
  }

  /** @return the broker URI, password included */
  public String uri() {
    return uri;
  }

  /** @return the broker URI without the password, for log lines and error messages */
  public String maskedUri() {
    return AmqpConnections.mask(uri);
  }

  /** @return the bound on opening a connection */
  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /** @return the heartbeat interval (zero = off) */
  public Duration heartbeat() {
    return heartbeat;
  }

  /** @return the bound on one broker round trip */
  public Duration rpcTimeout() {
    return rpcTimeout;
  }

  /** @return the wait between reconnect attempts */
  public Duration recoveryInterval() {
    return recoveryInterval;
  }

  /** @return how long a source tries to reconnect before it fails */
  public Duration recoveryTimeout() {
    return recoveryTimeout;
  }

  /** @return the connection name prefix shown by the broker */
  public String connectionName() {
    return connectionName;
  }

  @Override
  public String toString() {
    return "AmqpConnectionSettings(" + maskedUri() + ")";
  }
}
