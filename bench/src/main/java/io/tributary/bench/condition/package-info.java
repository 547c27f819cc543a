/**
 * The {@code conditions} suite: the cost per event of the pipeline's CEL conditions against the
 * hand-written evaluator they replaced ({@link io.tributary.bench.condition.legacy}).
 */
package io.tributary.bench.condition;
