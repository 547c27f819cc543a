/**
 * Dead letters, the same for every broker: the {@link io.tributary.streams.deadletter.DeadLetter}
 * record, its {@link io.tributary.streams.deadletter.DeadLetterHeaders} and the
 * {@link io.tributary.streams.deadletter.DeadLetterStage} that gave up. A connector's dead-letter sink
 * (a {@link io.tributary.streams.processing.DeadLetterSink}) stores them.
 */
package io.tributary.streams.deadletter;
