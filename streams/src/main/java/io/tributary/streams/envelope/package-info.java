/**
 * The message model every source emits and every stage keeps: {@link
 * io.tributary.streams.envelope.Envelope} with its {@link
 * io.tributary.streams.envelope.Acknowledgement} handle.
 */
package io.tributary.streams.envelope;
