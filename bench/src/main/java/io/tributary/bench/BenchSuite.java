package io.tributary.bench;

/** A plain (non-JMH) benchmark suite run by {@link BenchMain}. */
public interface BenchSuite {

  /** @return the name given on the command line */
  String name();

  /** @return one line saying what it measures */
  String description();

  /**
   * Runs the suite, printing progress and its table to standard output; returns the report whose
   * BENCH line the caller prints last.
   */
  BenchReport run(BenchOptions options) throws Exception;
}
