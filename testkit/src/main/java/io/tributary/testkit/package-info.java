/**
 * Test support for Tributary and its users: real brokers for a test, with unique names and clean-up.
 *
 * <table>
 *   <caption>What to use for which broker</caption>
 *   <tr><th>broker</th><th>JUnit 5 extension</th><th>plain helper</th><th>system property</th></tr>
 *   <tr><td>Kafka (embedded, one per test class)</td><td>{@link io.tributary.testkit.EmbeddedKafkaExtension}</td>
 *       <td>{@link io.tributary.testkit.KafkaRecords}</td><td></td></tr>
 *   <tr><td>RabbitMQ on 127.0.0.1:5672</td><td>{@link io.tributary.testkit.RabbitMqExtension}</td>
 *       <td>{@link io.tributary.testkit.RabbitMqFixture}, {@link io.tributary.testkit.RabbitMqCtl}</td>
 *       <td>{@code tributary.amqp.uri}</td></tr>
 *   <tr><td>NATS with JetStream on 127.0.0.1:4222</td><td>{@link io.tributary.testkit.NatsExtension}</td>
 *       <td>{@link io.tributary.testkit.NatsFixture}</td>
 *       <td>{@code tributary.nats.url} (alias {@code tributary.nats.servers})</td></tr>
 * </table>
 *
 * <p>Depend on this module with {@code <scope>test</scope>} only; tests bring {@code junit-jupiter-api}
 * themselves, and the RabbitMQ and NATS fixtures use the broker clients ({@code com.rabbitmq:amqp-client},
 * {@code io.nats:jnats}) that the test's own dependencies bring: they are optional dependencies here.
 */
package io.tributary.testkit;
