package io.tributary.cli.broker;

import io.tributary.cli.commands.CommandFailedException;
import io.tributary.cli.commands.SampleProducer;

/**
 * The broker-specific part of {@code tributary produce}: where the sample records go and how they
 * are written and confirmed. One implementation per broker: {@link KafkaProduceTarget}, {@link
 * AmqpProduceTarget}, {@link NatsProduceTarget}.
 */
public interface ProduceTarget {

  /** @return what the result line names: the topic, queue or stream */
  String destination();

  /** @return the broker for messages, without credentials: the bootstrap servers, the URI or URL */
  String broker();

  /**
   * Creates the topic, queue or stream unless it exists, then writes records {@code 0} to {@code
   * count - 1} of {@link io.tributary.cli.commands.SampleRecords} and waits until the broker
   * confirmed each (or one failed).
   *
   * @return how many were confirmed, and the first failure if any
   * @throws CommandFailedException when the destination could not be set up: nothing was sent
   */
  SampleProducer.Outcome produce(long count, int keys);
}
