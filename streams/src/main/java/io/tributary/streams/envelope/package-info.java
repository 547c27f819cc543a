/**
 * The message model every source emits and every stage keeps: {@link
 * io.tributary.streams.envelope.Envelope} with its {@link
 * io.tributary.streams.envelope.Acknowledgement} handle; and, for a message that fans out to
 * several sinks, the end-to-end countdown that acknowledges it once every branch is done ({@link
 * io.tributary.streams.envelope.AckCountdown}, {@link io.tributary.streams.envelope.Delivery},
 * {@link io.tributary.streams.envelope.DeliveryTracker}).
 */
package io.tributary.streams.envelope;
