/**
 * The conditions of the pipeline's {@code filter} and {@code route}: CEL expressions over an
 * event's fields, compiled once when the config is validated and evaluated per event. {@link
 * io.tributary.pipeline.condition.Condition} is the entry point; {@link
 * io.tributary.pipeline.condition.ConditionSyntaxException} and {@link
 * io.tributary.pipeline.condition.ConditionTypeException} say where and why a condition is
 * invalid. The rest is package-private: the rewrite of the spellings used before CEL, the CEL
 * environment, the view of event values CEL reads. The language for users is in {@code
 * docs/pipeline-conditions.md}.
 */
package io.tributary.pipeline.condition;
