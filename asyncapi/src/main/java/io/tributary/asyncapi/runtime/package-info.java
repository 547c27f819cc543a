/**
 * What code generated from an AsyncAPI document runs on, so that the generated code stays thin:
 * typed publishers over the connectors' sinks ({@link io.tributary.asyncapi.runtime.KafkaPublisher},
 * {@link io.tributary.asyncapi.runtime.AmqpPublisher}, {@link io.tributary.asyncapi.runtime.NatsPublisher}),
 * payload encoders, address templates and the metadata a generated handler receives; for request/reply the
 * {@link io.tributary.asyncapi.runtime.Requester} with its reply inboxes ({@link
 * io.tributary.asyncapi.runtime.AmqpReplyInbox}, {@link io.tributary.asyncapi.runtime.NatsReplyInbox}) and
 * the replier's {@link io.tributary.asyncapi.runtime.Replies}. Each publisher needs only its own connector on the
 * classpath.
 */
package io.tributary.asyncapi.runtime;
