/**
 * What an operator sees of a running Tributary: meters (Micrometer) and health. {@link
 * io.tributary.streams.telemetry.Telemetry} is the actor system's one place for both; components
 * register their meters on its registry and their {@link io.tributary.streams.telemetry.HealthIndicator}s
 * with it; the endpoints ({@code /metrics}, {@code /health/...}) read from it.
 */
package io.tributary.streams.telemetry;
