package io.tributary.samples.kafka;

import io.tributary.samples.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main} in this JVM and captures what it writes to stdout and stderr (logs included). */
record CommandRun(int code, String out, String err, long millis) {

  static synchronized CommandRun of(String... args) {
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long started = System.nanoTime();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = Main.run(args);
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    return new CommandRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), millis);
  }

  /** The stdout lines, for exact comparisons independent of the platform's line separator. */
  java.util.List<String> outLines() {
    return out.lines().toList();
  }
}
