package io.tributary.actors;

/**
 * Marks a message that may cross nodes: Tributary's {@code reference.conf} binds it to Pekko's
 * {@code jackson-cbor} serializer. The hub protocol ({@code EventHub} commands, notifications,
 * {@code Ack}, {@code Subscribed}, {@code HubStats}), the worker pool protocol ({@code WorkerPool}
 * commands and {@code Stats}) and {@code HubProducer.Emit} carry it.
 *
 * <p><b>Payloads.</b> A field of the message's generic type (a published value, a batch of events,
 * a worker pool's message) is not written by Jackson itself: it is serialized by whatever Pekko
 * serialization binding its class has, and travels as that serializer's id, manifest and bytes.
 * So a payload crosses nodes when its class has a binding of its own: implement this marker (Jackson
 * then writes it; records work), bind your own serializer (protobuf, for instance), or use a type
 * Pekko's remoting already binds ({@code String}, boxed primitives, {@code byte[]}). A payload
 * without a binding fails the send, as it would with Java serialization disabled.
 *
 * <p><b>Local-only messages</b> stay unmarked and implement Pekko's {@code
 * NoSerializationVerificationNeeded} instead, because they hold what only makes sense in one JVM:
 * <ul>
 *   <li>{@code EventHub.GetPublisher} and {@code HubPublisher} (a direct line into a channel),
 *       {@code EventHub.SubscribeSource} (answered with a {@code Source}), and the hub's messages
 *       to itself (a parked send's completion holds the topic and a {@code Throwable});
 *   <li>the subscription forwarder's wake-up, sent by a channel callback to its own actor;
 *   <li>the worker pool's messages from its workers and to itself ({@code WorkerSucceeded},
 *       {@code StopTimedOut}, a worker's outcome holding a {@code Throwable}): workers are always
 *       children on the pool's node;
 *   <li>{@code HubProducer}'s confirmations through its message adapter, and the embedding
 *       guardian's {@code Spawn} (it carries a {@code Behavior}).
 * </ul>
 */
public interface TributarySerializable {}
