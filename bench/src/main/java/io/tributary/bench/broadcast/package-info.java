/**
 * JMH benchmark of {@link io.tributary.streams.BroadcastChannel} against its anchors: one sender
 * fanning a fixed batch of pre-allocated values out to 1 or 4 receivers, through the channel (LAG,
 * BACKPRESSURE, mixed), the LMAX Disruptor (yielding and blocking wait strategies), a Pekko
 * {@code BroadcastHub} and a {@link java.util.concurrent.SubmissionPublisher}.
 *
 * <p>Run {@link io.tributary.bench.broadcast.BroadcastBenchMain} (JMH options accepted, adds a
 * summary with ratios to the Disruptor) or JMH's own {@code org.openjdk.jmh.Main}; see {@code
 * bench/README.md}.
 */
package io.tributary.bench.broadcast;
