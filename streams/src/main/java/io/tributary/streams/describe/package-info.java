/**
 * What a running component is, in neutral terms: the server it talks to, the channel (a Kafka
 * topic, an AMQP queue or routing key, a NATS subject, a hub topic), whether it receives or sends,
 * and the message with its headers and payload type. Runners, sinks and hub topics describe
 * themselves with these records ({@link io.tributary.streams.describe.Describable}); the module
 * {@code tributary-asyncapi} turns them into an AsyncAPI document. Nothing here depends on AsyncAPI
 * (docs/decisions/0003-asyncapi.md).
 */
package io.tributary.streams.describe;
