package io.tributary.bench.hub;

/** Pre-allocated boxed values, so that the suites measure delivery, not allocation. */
final class Payloads {
  private Payloads() {}

  static Long[] boxed(int n) {
    Long[] values = new Long[n];
    for (int i = 0; i < n; i++) {
      values[i] = (long) i;
    }
    return values;
  }
}
