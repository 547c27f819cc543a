/**
 * {@code ./tributary top}: a live view of a running Tributary process, from what it serves on {@code /metrics}
 * (Prometheus text) and {@code /health/ready} (JSON). {@link io.tributary.cli.top.TopCommand} scrapes both every
 * interval ({@code Endpoint}), turns two scrapes into one row per component ({@code Rows}: rates from counter
 * deltas, in flight, lag, status and stuck lanes) and shows them redrawn in a terminal ({@code AnsiView}) or as
 * one line per component and refresh ({@code PlainView}).
 */
package io.tributary.cli.top;
