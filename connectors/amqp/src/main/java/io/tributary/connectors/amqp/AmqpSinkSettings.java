package io.tributary.connectors.amqp;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tributary.streams.settings.Setting;
import io.tributary.streams.settings.SettingType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Settings of an {@link AmqpSink}: the connection, what to declare before publishing, how many
 * publishes may wait for their confirm at once, and how long a confirm may take. Immutable; start
 * with {@link #create} (the defaults of {@code reference.conf}: nothing declared) or {@link
 * #fromConfig} (the application's config under {@code tributary.amqp.sink}) and change with {@code
 * withX}.
 */
public final class AmqpSinkSettings {

  /** The config section of these settings. */
  public static final String SECTION = "tributary.amqp.sink";

  /** The setting {@code tributary.amqp.sink.max-in-flight}, documented in {@code reference.conf}. */
  public static final Setting<Integer> MAX_IN_FLIGHT =
      Setting.of(SECTION + ".max-in-flight", SettingType.integer(1, Integer.MAX_VALUE));
  /** The setting {@code tributary.amqp.sink.confirm-timeout}, documented in {@code reference.conf}. */
  public static final Setting<Duration> CONFIRM_TIMEOUT =
      Setting.of(SECTION + ".confirm-timeout", SettingType.positiveDuration());

  /** @return every setting of this class, in {@code reference.conf} order */
  public static List<Setting<?>> settings() {
    return List.of(MAX_IN_FLIGHT, CONFIRM_TIMEOUT);
  }

  private final Values v;

  /** The values; a fresh copy per instance, never changed once the instance exists. */
  private static final class Values {
    AmqpConnectionSettings connection;
    List<AmqpDeclaration> declarations;
    int maxInFlight;
    Duration confirmTimeout;

    Values copy() {
      Values c = new Values();
      c.connection = connection;
      c.declarations = declarations;
      c.maxInFlight = maxInFlight;
      c.confirmTimeout = confirmTimeout;
      return c;
    }

    List<Object> all() {
      return List.of(connection, declarations, maxInFlight, confirmTimeout);
    }
  }

  private AmqpSinkSettings(Values v) {
    Objects.requireNonNull(v.connection, "connection");
    v.declarations = List.copyOf(v.declarations);
    MAX_IN_FLIGHT.check(v.maxInFlight);
    CONFIRM_TIMEOUT.check(v.confirmTimeout);
    this.v = v;
  }

  /** Settings for the broker at {@code uri}, with the defaults. */
  public static AmqpSinkSettings create(String uri) {
    return create(AmqpConnectionSettings.create(uri));
  }

  /** Settings over {@code connection}, with the defaults. */
  public static AmqpSinkSettings create(AmqpConnectionSettings connection) {
    return fromConfig(ConfigFactory.empty(), connection);
  }

  /**
   * Settings for the broker at {@code uri} from {@code config}'s sections {@code tributary.amqp.sink}
   * and {@code tributary.amqp.connection}, with the defaults of {@code reference.conf} for what it
   * does not set.
   *
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @param uri the broker (see {@link AmqpConnectionSettings#create})
   * @return the settings
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static AmqpSinkSettings fromConfig(Config config, String uri) {
    return fromConfig(config, AmqpConnectionSettings.fromConfig(config, uri));
  }

  /**
   * Settings over {@code connection} from {@code config}'s section {@code tributary.amqp.sink}, with
   * the defaults of {@code reference.conf} for what it does not set.
   *
   * @param config the application's config, e.g. {@code system.settings().config()}
   * @param connection the connection settings
   * @return the settings
   * @throws com.typesafe.config.ConfigException.BadValue naming the config path of a wrong value
   */
  public static AmqpSinkSettings fromConfig(Config config, AmqpConnectionSettings connection) {
    Values v = new Values();
    v.connection = connection;
    v.declarations = List.of();
    v.maxInFlight = MAX_IN_FLIGHT.read(config);
    v.confirmTimeout = CONFIRM_TIMEOUT.read(config);
    return new AmqpSinkSettings(v);
  }

  private AmqpSinkSettings with(Consumer<Values> change) {
    Values c = v.copy();
    change.accept(c);
    return new AmqpSinkSettings(c);
  }

  /** @return a copy that declares these (in order) before publishing, and again after a reconnect */
  public AmqpSinkSettings withDeclarations(List<AmqpDeclaration> newDeclarations) {
    List<AmqpDeclaration> copy = new ArrayList<>(newDeclarations);
    return with(c -> c.declarations = copy);
  }

  /** @return a copy that declares these (in order) before publishing, and again after a reconnect */
  public AmqpSinkSettings withDeclarations(AmqpDeclaration... newDeclarations) {
    return withDeclarations(List.of(newDeclarations));
  }

  /**
   * @return a copy with another bound on publishes waiting for their confirm: the window that
   *     keeps the broker busy; upstream is backpressured beyond it
   */
  public AmqpSinkSettings withMaxInFlight(int n) {
    return with(c -> c.maxInFlight = n);
  }

  /** @return a copy in which a publish fails when its confirm takes longer than {@code d} */
  public AmqpSinkSettings withConfirmTimeout(Duration d) {
    return with(c -> c.confirmTimeout = d);
  }

  /** @return a copy with other connection settings */
  public AmqpSinkSettings withConnection(AmqpConnectionSettings newConnection) {
    return with(c -> c.connection = newConnection);
  }

  /** @return the connection settings */
  public AmqpConnectionSettings connection() {
    return v.connection;
  }

  /** @return what is declared before publishing */
  public List<AmqpDeclaration> declarations() {
    return v.declarations;
  }

  /** @return the most publishes waiting for their confirm at once */
  public int maxInFlight() {
    return v.maxInFlight;
  }

  /** @return how long a confirm may take */
  public Duration confirmTimeout() {
    return v.confirmTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AmqpSinkSettings && ((AmqpSinkSettings) o).v.all().equals(v.all());
  }

  @Override
  public int hashCode() {
    return v.all().hashCode();
  }

  @Override
  public String toString() {
    return "AmqpSinkSettings(" + v.connection.maskedUri() + ", maxInFlight=" + v.maxInFlight + ")";
  }
}
