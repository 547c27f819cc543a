package io.tributary.faults;

/**
 * Where the workload flows: the broker, its address, and the source the consumer reads.
 *
 * @param broker which broker
 * @param address Kafka bootstrap servers, an AMQP URI or a NATS URL
 * @param source the Kafka topic, the AMQP queue or the JetStream stream
 * @param group the Kafka consumer group or the JetStream durable consumer (unused for AMQP)
 */
record Target(Broker broker, String address, String source, String group) {

  /** The brokers the suite drives. */
  enum Broker { KAFKA, AMQP, NATS }
}
