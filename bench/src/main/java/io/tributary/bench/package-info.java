/**
 * Plain (non-JMH) benchmark suites: {@link io.tributary.bench.BenchMain} runs one, prints a table and
 * ends with one {@code BENCH <json>} line written by {@link io.tributary.bench.BenchReport}. The JMH
 * benchmarks live in {@code io.tributary.bench.broadcast}.
 */
package io.tributary.bench;
