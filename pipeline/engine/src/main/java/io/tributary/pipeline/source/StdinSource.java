package io.tributary.pipeline.source;

import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSource;
import io.tributary.pipeline.component.SourceDefinition;
import io.tributary.pipeline.component.StoppableSource;
import io.tributary.pipeline.config.FieldSet;
import io.tributary.pipeline.config.Options;
import io.tributary.pipeline.event.DeliveryTracker;
import io.tributary.pipeline.event.Event;
import io.tributary.streams.envelope.Acknowledgement;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.pekko.stream.javadsl.Framing;
import org.apache.pekko.stream.javadsl.FramingTruncation;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.util.ByteString;

/**
 * Source {@code stdin}: the lines of the standard input as events {@code message}; ends at the end
 * of the input. Lines may be up to {@code max_line_bytes} long (default 1 MiB; longer fails the
 * pipeline).
 */
public final class StdinSource implements SourceDefinition {

  /** The type name in configs. */
  public static final String TYPE = "stdin";

  private final Supplier<InputStream> input;
  private final int maxLineBytes;

  /**
   * @param input where to read (the standard input, or a stream in tests)
   * @param maxLineBytes the longest line accepted
   */
  public StdinSource(Supplier<InputStream> input, int maxLineBytes) {
    this.input = input;
    this.maxLineBytes = maxLineBytes;
  }

  /** Reads the options: max_line_bytes. */
  public static StdinSource create(Options options) {
    long max = options.longValue("max_line_bytes", 1024 * 1024, 1);
    if (max > Integer.MAX_VALUE) {
      options.error("max_line_bytes", "must be <= " + Integer.MAX_VALUE + ", was " + max);
    }
    return new StdinSource(() -> System.in, (int) Math.min(Integer.MAX_VALUE, max));
  }

  @Override
  public FieldSet fields() {
    return FieldSet.of("message");
  }

  @Override
  public RunningSource start(RunContext context) {
    DeliveryTracker tracker = context.tracker();
    return StoppableSource.of(context.component().name(),
        StreamConverters.fromInputStream(input::get, 8192)
            .via(Framing.delimiter(ByteString.fromString("\n"), maxLineBytes, FramingTruncation.ALLOW))
            .map(bytes -> {
              String line = bytes.decodeString(StandardCharsets.UTF_8);
              if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
              }
              return tracker.open(Event.of(Map.of("message", line)), Acknowledgement.NONE);
            }));
  }
}
