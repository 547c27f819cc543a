package io.tributary.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BroadcastCommandTest {

  @Test
  void broadcast_prints_what_each_subscriber_received_and_exits_zero() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      code = Main.run("broadcast");
    } finally {
      System.setOut(original);
    }
    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("subscriber 1 received 10 20")
        .contains("subscriber 2 received 10 20");
  }
}
