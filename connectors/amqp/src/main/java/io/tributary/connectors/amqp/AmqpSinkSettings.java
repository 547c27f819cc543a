package io.tributary.connectors.amqp;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of an {@link AmqpSink}: the connection, what to declare before publishing, how many
 * publishes may wait for their confirm at once, and how long a confirm may take. Immutable; start
 * with {@link #create} and change with {@code withX}. Defaults: nothing declared, 256 unconfirmed
 * publishes at most, 30 s per confirm.
 */
public final class AmqpSinkSettings {

  private final AmqpConnectionSettings connection;
  private final List<AmqpDeclaration> declarations;
  private final int maxInFlight;
  private final Duration confirmTimeout;

  private AmqpSinkSettings(AmqpConnectionSettings connection, List<AmqpDeclaration> declarations, int maxInFlight,
      Duration confirmTimeout) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.declarations = List.copyOf(declarations);
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, was " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    Objects.requireNonNull(confirmTimeout, "confirmTimeout");
    if (confirmTimeout.isNegative() || confirmTimeout.isZero()) {
      throw new IllegalArgumentException("confirmTimeout must be > 0, was " + confirmTimeout);
    }
    this.confirmTimeout = confirmTimeout;
  }

  /** Settings for the broker at {@code uri}, with the defaults. */
  public static AmqpSinkSettings create(String uri) {
    return create(AmqpConnectionSettings.create(uri));
  }

  /** Settings over {@code connection}, with the defaults. */
  public static AmqpSinkSettings create(AmqpConnectionSettings connection) {
    return new AmqpSinkSettings(connection, List.of(), 256, Duration.ofSeconds(30));
  }

  /** @return a copy that declares these (in order) before publishing, and again after a reconnect */
  public AmqpSinkSettings withDeclarations(List<AmqpDeclaration> newDeclarations) {
    return new AmqpSinkSettings(connection, newDeclarations, maxInFlight, confirmTimeout);
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
    return new AmqpSinkSettings(connection, declarations, n, confirmTimeout);
  }

  /** @return a copy in which a publish fails when its confirm takes longer than {@code d} */
  public AmqpSinkSettings withConfirmTimeout(Duration d) {
    return new AmqpSinkSettings(connection, declarations, maxInFlight, d);
  }

  /** @return a copy with other connection settings */
  public AmqpSinkSettings withConnection(AmqpConnectionSettings newConnection) {
    return new AmqpSinkSettings(newConnection, declarations, maxInFlight, confirmTimeout);
  }

  /** @return the connection settings */
  public AmqpConnectionSettings connection() {
    return connection;
  }

  /** @return what is declared before publishing */
  public List<AmqpDeclaration> declarations() {
    return declarations;
  }

  /** @return the most publishes waiting for their confirm at once */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** @return how long a confirm may take */
  public Duration confirmTimeout() {
    return confirmTimeout;
  }

  @Override
  public String toString() {
    return "AmqpSinkSettings(" + connection.maskedUri() + ", maxInFlight=" + maxInFlight + ")";
  }
}
