package io.tributary.asyncapi.runtime;

import io.tributary.streams.describe.Describable;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;

/**
 * Sends typed payloads to a broker and tells when the broker has them: a Kafka acknowledgement
 * ({@code acks=all}), a RabbitMQ publisher confirm, a JetStream publish acknowledgement. What
 * generated {@code send} operations publish through; {@link KafkaPublisher}, {@link AmqpPublisher}
 * and {@link NatsPublisher} are the implementations.
 *
 * <p>Bounded: at most {@link PublisherSettings#maxInFlight()} sends await their acknowledgement; a
 * further {@code send} waits for room (blocking its caller, like Kafka's {@code KafkaProducer.send})
 * at most {@link PublisherSettings#maxBlock()}, then fails. Nothing is queued beyond that bound.
 *
 * <p>A publisher whose broker stream failed (a record Kafka gave up on, a returned AMQP message)
 * fails the sends it held and every later one with {@link PublishRejectedException}: create a new one.
 * Thread-safe.
 *
 * @param <T> the payload type
 */
public interface Publisher<T> extends Describable, AutoCloseable {

  /**
   * Sends {@code payload} to {@link #address()}.
   *
   * @param payload the payload
   * @return completes when the broker acknowledged it; fails with the broker's error, or with {@link
   *     PublishRejectedException} when the publisher is closed, failed, or stayed full too long
   */
  CompletionStage<Done> send(T payload);

  /**
   * Sends one publication (its own address, key and headers).
   *
   * @param publication what to send
   * @return completes when the broker acknowledged it (see {@link #send(Object)})
   */
  CompletionStage<Done> send(Publication<T> publication);

  /** @return the address this publisher was created for (with {@code {parameter}}s when it is a template) */
  String address();

  /** @return how many sends await their acknowledgement now */
  int inFlight();

  /**
   * Stops taking sends and completes once those in flight were acknowledged (or failed); the broker
   * connection is closed then.
   *
   * @return completes when the publisher stopped
   */
  CompletionStage<Done> closeAsync();

  /**
   * {@link #closeAsync()}, waiting at most {@link PublisherSettings#closeTimeout()}.
   */
  @Override
  void close();
}
