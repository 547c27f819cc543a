package io.tributary.connectors.amqp;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's default handler, except that a connection driver error (a peer that is not a
 * RabbitMQ broker, e.g. an HTTP server answering on the port, or a frame cut short) is one log
 * line rather than a stack trace: the same failure reaches the caller as an {@link
 * AmqpSetupException} or a stopped source, with what to do about it.
 */
final class QuietConnectionExceptionHandler extends ForgivingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(QuietConnectionExceptionHandler.class);

  @Override
  public void handleUnexpectedConnectionDriverException(Connection connection, Throwable exception) {
    log.warn("AMQP connection to {}:{}: {}", connection.getAddress().getHostAddress(), connection.getPort(),
        exception.getMessage());
    log.debug("AMQP connection driver error", exception);
  }
}
