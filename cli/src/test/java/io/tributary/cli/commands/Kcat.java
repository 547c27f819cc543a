package io.tributary.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** rdkafka's {@code kcat} command line client, the C library behind the Rust {@code rdkafka} crate, when installed. */
final class Kcat {
  private Kcat() {}

  static boolean installed() {
    try {
      Process p = new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Produces {@code key:value} lines with kcat's defaults and waits until it delivered them and exited. */
  static void produce(String bootstrap, String topic, List<String> keyValueLines) throws Exception {
    Process p = new ProcessBuilder("kcat", "-P", "-b", bootstrap, "-t", topic, "-K:").redirectErrorStream(true)
        .start();
    try (OutputStream in = p.getOutputStream()) {
      in.write((String.join("\n", keyValueLines) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("kcat ended; output:%n%s", output).isTrue();
    assertThat(p.exitValue()).as("kcat exit code; output:%n%s", output).isZero();
  }
}
