package io.tributary.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@link Main} (with every command on the test classpath) in this JVM and captures what it writes to stdout and stderr (logs included). */
public record CommandRun(int code, String out, String err, long millis) {

  public static synchronized CommandRun of(String... args) {
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
  public java.util.List<String> outLines() {
    return out.lines().toList();
  }

  /** The stderr lines (logs included). */
  public java.util.List<String> errLines() {
    return err.lines().toList();
  }
}
