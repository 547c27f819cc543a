/**
 * The hand-written condition parser and evaluator the pipeline used before its conditions moved to
 * CEL, unchanged but for the package: the anchor that {@link
 * io.tributary.bench.condition.ConditionSuite} measures CEL against, on the same conditions and
 * events in the same run. Not used by the product.
 */
package io.tributary.bench.condition.legacy;
