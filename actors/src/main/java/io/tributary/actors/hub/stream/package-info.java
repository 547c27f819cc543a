/**
 * The hub's edges for Pekko Streams: {@link io.tributary.actors.hub.stream.HubSink} puts a
 * stream's elements into a hub topic with backpressure, {@link
 * io.tributary.actors.hub.stream.HubSource} emits a topic's values as a stream, with the
 * subscriber's policy (lossless, or lagging with the gaps shown).
 */
package io.tributary.actors.hub.stream;
