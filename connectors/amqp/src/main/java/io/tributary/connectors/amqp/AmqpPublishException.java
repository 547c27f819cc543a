package io.tributary.connectors.amqp;

/**
 * A publish was not confirmed by the broker: it was returned as unroutable ({@code mandatory}
 * publish, no queue bound for its routing key), nacked, not confirmed in time, or its connection
 * was lost before the confirm (then it may or may not have been stored). The element that caused
 * it fails its stream; a source message it came from is not acknowledged.
 */
public final class AmqpPublishException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String exchange;
  private final String routingKey;

  /**
   * @param message what happened and what to do
   * @param exchange the exchange the message was published to ({@code ""} = the default exchange)
   * @param routingKey its routing key
   */
  public AmqpPublishException(String message, String exchange, String routingKey, Throwable cause) {
    super(message, cause);
    this.exchange = exchange;
    this.routingKey = routingKey;
  }

  /** @return the exchange the message was published to ({@code ""} = the default exchange) */
  public String exchange() {
    return exchange;
  }

  /** @return the routing key of the message */
  public String routingKey() {
    return routingKey;
  }
}
