package io.tributary.connectors.amqp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Where and how to connect to RabbitMQ: the broker URI and the timeouts that keep every failure
 * bounded. Immutable; start with {@link #create} (or {@link #local()}), which take the defaults of
 * {@code reference.conf}, or {@link #fromConfig} (the application's config under {@code
 * tributary.amqp.connection}), and change with {@code withX}.
 *
 * <p>Automatic recovery of the RabbitMQ client is off: a {@link AmqpSource} reconnects itself after
 * a lost connection, on a new channel, so that delivery tags of the old channel are never
 * acknowledged on the new one (see {@link AmqpSource}). Publishers ({@link AmqpSink}, {@link
 * AmqpDeadLetterSink}) fail the publishes that were not confirmed when the connection was lost and
 * reconnect on the next publish.
 */
public final class AmqpConnectionSettings {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.amqp.connection";

  /** The setting {@code tributary.amqp.connection.connection-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> CONNECTION_TIMEOUT =
      Setting.of(SECTION + ".connection-timeout", SettingType.positiveDuration());
  /** The setting {@code tributary.amqp.connection.heartbeat}, documented in {@code reference.conf}. */
  public static final Setting<Duration> HEARTBEAT =
      Setting.of(SECTION + ".heartbeat", SettingType.duration(Duration.ZERO, true, "0 = off"));
  /** The setting {@code tributary.amqp.connection.rpc-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> RPC_TIMEOUT =
      Setting.of(SECTION + ".rpc-timeout", SettingType.positiveDuration());
  /** The setting {@code tributary.amqp.connection.recovery-interval}, documented in {@code reference.conf}. */
  public static final Setting<Duration> RECOVERY_INTERVAL =
      Setting.of(SECTION + ".recovery-interval", SettingType.positiveDuration());
  /** The setting {@code tributary.amqp.connection.recovery-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> RECOVERY_TIMEOUT =
      Setting.of(SECTION + ".recovery-timeout", SettingType.positiveDuration());
  /** The setting {@code tributary.amqp.connection.connection-name}, documented in {@code reference.conf}. */
  public static final Setting<String> CONNECTION_NAME =
      Setting.of(SECTION + ".connection-name", SettingType.string());

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(CONNECTION_TIMEOUT, HEARTBEAT, RPC_TIMEOUT, RECOVERY_INTERVAL, RECOVERY_TIMEOUT, CONNECTION_NAME);
  }

  private final Values v;

  /** The values; a fresh copy per instance, never changed once the instance exists. */
  private static final class Values {
    String uri;
    Duration connectionTimeout;
    Duration heartbeat;
    Duration rpcTimeout;
    Duration recoveryInterval;
    Duration recoveryTimeout;
    String connectionName;
    Path caFile;
    Path clientKeystore;
    String clientKeystorePassword;
    String user;
    String password;

    Values copy() {
      Values c = new Values();
      c.uri = uri;
      c.connectionTimeout = connectionTimeout;
      c.heartbeat = heartbeat;
      c.rpcTimeout = rpcTimeout;
      c.recoveryInterval = recoveryInterval;
      c.recoveryTimeout = recoveryTimeout;
      c.connectionName = connectionName;
      c.caFile = caFile;
      c.clientKeystore = clientKeystore;
      c.clientKeystorePassword = clientKeystorePassword;
      c.user = user;
      c.password = password;
      return c;
    }

    List<Object> all() {
      return java.util.Arrays.asList(uri, connectionTimeout, heartbeat, rpcTimeout, recoveryInterval,
          recoveryTimeout, connectionName, caFile, clientKeystore, clientKeystorePassword, user, password);
    }
  }

  private AmqpConnectionSettings(Values v) {
    validUri(v.uri);
    CONNECTION_TIMEOUT.check(v.connectionTimeout);
    HEARTBEAT.check(v.heartbeat);
    RPC_TIMEOUT.check(v.rpcTimeout);
    RECOVERY_INTERVAL.check(v.recoveryInterval);
    RECOVERY_TIMEOUT.check(v.recoveryTimeout);
    CONNECTION_NAME.check(v.connectionName);
    this.v = v;
  }

  private static String validUri(String uri) {
    Objects.requireNonNull(uri, "uri");
    URI parsed;
    try {
      parsed = URI.create(uri);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("uri is not a valid URI: '" + uri + "' (" + e.getMessage()
          + "); expected e.g. amqp://guest:guest@127.0.0.1:5672", e);
    }
    String scheme = parsed.getScheme();
    if (!"amqp".equalsIgnoreCase(scheme) && !"amqps".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("uri must start with amqp:// or amqps://, was '"
          + AmqpConnections.mask(uri) + "'");
    }
    // A port that is not a number leaves the URI without a host (a "registry" authority); the client
    // would then quietly connect to localhost on the default port.
    if (parsed.getHost() == null || parsed.getPort() == 0 || parsed.getPort() > 65_535) {
      throw new IllegalArgumentException("uri has no valid host[:port] (port 1-65535): '"
          + AmqpConnections.mask(uri) + "'; expected e.g. amqp://guest:guest@127.0.0.1:5672");
    }
    return uri;
  }

  /**
   * Settings for the broker at {@code uri} ({@code amqp://user:password@host:port/vhost}) with the
   * defaults of {@code reference.conf} ({@code tributary.amqp.connection}): bounded connects and
   * broker round trips, heartbeats, and reconnect attempts for a while after a lost connection. As
   * in every AMQP URI, no path selects the default virtual host {@code /}, while a trailing {@code /}
   * selects the virtual host {@code ""}: write {@code amqp://host:5672} or {@code
   * amqp://host:5672/%2F}, not {@code amqp://host:5672/}.
   */
  public static AmqpConnectionSettings create(String uri) {
    return fromConfig(ConfigFactory.empty(), uri);
  }

  /**
   * Settings for the broker at {@code uri} from {@code config}'s section {@code
   * tributary.amqp.connection}, with the defaults of {@code reference.conf} for what it does not set.
   *
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @param uri the broker, {@code amqp://user:password@host:port/vhost} (see {@link #create})
   * @return the settings
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static AmqpConnectionSettings fromConfig(Config config, String uri) {
    Values v = new Values();
    v.uri = uri;
    v.connectionTimeout = CONNECTION_TIMEOUT.read(config);
    v.heartbeat = HEARTBEAT.read(config);
    v.rpcTimeout = RPC_TIMEOUT.read(config);
    v.recoveryInterval = RECOVERY_INTERVAL.read(config);
    v.recoveryTimeout = RECOVERY_TIMEOUT.read(config);
    v.connectionName = CONNECTION_NAME.read(config);
    return new AmqpConnectionSettings(v);
  }

  /** Settings for RabbitMQ on {@code 127.0.0.1:5672} as guest/guest, the development default. */
  public static AmqpConnectionSettings local() {
    return create("amqp://guest:guest@127.0.0.1:5672");
  }

  private AmqpConnectionSettings with(Consumer<Values> change) {
    Values c = v.copy();
    change.accept(c);
    return new AmqpConnectionSettings(c);
  }

  /** @return a copy with another bound on opening a connection (TCP connect plus AMQP handshake) */
  public AmqpConnectionSettings withConnectionTimeout(Duration d) {
    return with(c -> c.connectionTimeout = d);
  }

  /** @return a copy with another heartbeat interval (a dead peer is noticed after about twice this); 0 = off */
  public AmqpConnectionSettings withHeartbeat(Duration d) {
    return with(c -> c.heartbeat = d);
  }

  /** @return a copy with another bound on broker round trips (declare, qos, consume, cancel, close) */
  public AmqpConnectionSettings withRpcTimeout(Duration d) {
    return with(c -> c.rpcTimeout = d);
  }

  /** @return a copy that waits this long between reconnect attempts after a lost connection */
  public AmqpConnectionSettings withRecoveryInterval(Duration d) {
    return with(c -> c.recoveryInterval = d);
  }

  /**
   * @return a copy whose sources give up reconnecting after this long without a connection (the
   *     stream then fails with {@link AmqpConnectionLostException})
   */
  public AmqpConnectionSettings withRecoveryTimeout(Duration d) {
    return with(c -> c.recoveryTimeout = d);
  }

  /** @return a copy whose connections show this name in the broker's management (a suffix is added per use) */
  public AmqpConnectionSettings withConnectionName(String name) {
    return with(c -> c.connectionName = name);
  }

  /**
   * Trusts the CA certificate(s) in this PEM file for {@code amqps://} connections (instead of the JVM's trust
   * store); the broker's host name is still verified.
   *
   * @param caPem the CA that signed the broker's certificate
   * @return a copy
   */
  public AmqpConnectionSettings withTrustedCa(Path caPem) {
    Objects.requireNonNull(caPem, "caPem");
    return with(c -> c.caFile = caPem);
  }

  /**
   * Presents this client certificate on {@code amqps://} connections, for brokers that verify clients.
   *
   * @param pkcs12 the client's key and certificate chain
   * @param password the store's password, or a {@code ${env:NAME}} / {@code ${file:PATH}} reference
   * @return a copy
   */
  public AmqpConnectionSettings withClientCertificate(Path pkcs12, String password) {
    Objects.requireNonNull(pkcs12, "pkcs12");
    Objects.requireNonNull(password, "password");
    return with(c -> {
      c.clientKeystore = pkcs12;
      c.clientKeystorePassword = password;
    });
  }

  /**
   * Authenticates as this user instead of the URI's user info, so that no password is in the URI.
   *
   * @param user the user name
   * @param password the password, or a {@code ${env:NAME}} / {@code ${file:PATH}} reference resolved at connect
   * @return a copy
   */
  public AmqpConnectionSettings withCredentials(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    return with(c -> {
      c.user = user;
      c.password = password;
    });
  }

  /** @return the CA file trusted for TLS, if given */
  public java.util.Optional<Path> trustedCa() {
    return java.util.Optional.ofNullable(v.caFile);
  }

  /** @return the client certificate store, if given */
  public java.util.Optional<Path> clientCertificate() {
    return java.util.Optional.ofNullable(v.clientKeystore);
  }

  /** @return the password of the client certificate store (a reference or the value), for connecting only */
  String clientCertificatePassword() {
    return v.clientKeystorePassword;
  }

  /** @return the user given by {@link #withCredentials}, if any */
  public java.util.Optional<String> user() {
    return java.util.Optional.ofNullable(v.user);
  }

  /** @return the password given by {@link #withCredentials} (a reference or the value), for connecting only */
  String password() {
    return v.password;
  }

  /** @return the broker URI, password included */
  public String uri() {
    return v.uri;
  }

  /** @return the broker URI without the password, for log lines and error messages */
  public String maskedUri() {
    return AmqpConnections.mask(v.uri);
  }

  /** @return the bound on opening a connection */
  public Duration connectionTimeout() {
    return v.connectionTimeout;
  }

  /** @return the heartbeat interval (zero = off) */
  public Duration heartbeat() {
    return v.heartbeat;
  }

  /** @return the bound on one broker round trip */
  public Duration rpcTimeout() {
    return v.rpcTimeout;
  }

  /** @return the wait between reconnect attempts */
  public Duration recoveryInterval() {
    return v.recoveryInterval;
  }

  /** @return how long a source tries to reconnect before it fails */
  public Duration recoveryTimeout() {
    return v.recoveryTimeout;
  }

  /** @return the connection name prefix shown by the broker */
  public String connectionName() {
    return v.connectionName;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AmqpConnectionSettings && ((AmqpConnectionSettings) o).v.all().equals(v.all());
  }

  @Override
  public int hashCode() {
    return v.all().hashCode();
  }

  @Override
  public String toString() {
    return "AmqpConnectionSettings(" + maskedUri() + (v.user == null ? "" : ", user " + v.user)
        + (v.caFile == null ? "" : ", ca " + v.caFile)
        + (v.clientKeystore == null ? "" : ", client certificate " + v.clientKeystore) + ")";
  }
}
