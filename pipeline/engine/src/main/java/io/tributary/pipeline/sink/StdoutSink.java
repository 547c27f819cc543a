package io.tributary.pipeline.sink;

import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.config.Options;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * Sink {@code stdout}: prints each event to the standard output as one line of JSON (the process's
 * logs go to stderr, so stdout carries only events and {@code console_stats} lines).
 */
public final class StdoutSink implements SinkDefinition {

  /** The type name in configs. */
  public static final String TYPE = "stdout";

  private StdoutSink() {}

  /** Reads the options (it has none besides type and inputs). */
  public static StdoutSink create(Options options) {
    return new StdoutSink();
  }

  @Override
  public RunningSink start(RunContext context, List<String> inputs) {
    PrintStream out = context.stdout();
    return RunningSink.of(JsonLinesSink.create(context.component().path(), () -> new LineWriter() {
      @Override
      public void writeAndFlush(String lines) throws IOException {
        out.print(lines); // one call: console_stats lines never land inside an event line
        out.flush();
        if (out.checkError()) {
          throw new IOException("writing to the standard output failed (closed pipe?)");
        }
      }

      @Override
      public void close() {
        out.flush();
      }
    }));
  }
}
