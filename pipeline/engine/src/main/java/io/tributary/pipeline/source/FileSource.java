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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Source {@code file}: the lines of a file as events {@code message} (the line without its line
 * break), {@code file} (the path) and {@code offset} (the byte offset of the line). Ends at the end
 * of the file, or with {@code follow = true} keeps reading what is appended (checking every {@code
 * poll_interval_ms}) until the pipeline stops.
 */
public final class FileSource implements SourceDefinition {

  /** The type name in configs. */
  public static final String TYPE = "file";

  private final Path path;
  private final boolean follow;
  private final boolean fromEnd;
  private final Duration pollInterval;

  private FileSource(Path path, boolean follow, boolean fromEnd, Duration pollInterval) {
    this.path = path;
    this.follow = follow;
    this.fromEnd = fromEnd;
    this.pollInterval = pollInterval;
  }

  /** Reads the options: path, follow, read_from, poll_interval_ms. */
  public static FileSource create(Options options) {
    String path = options.requiredString("path");
    boolean follow = options.bool("follow", false);
    String readFrom = options.choice("read_from", "beginning", List.of("beginning", "end"));
    long poll = options.longValue("poll_interval_ms", 250, 10);
    if (readFrom.equals("end") && !follow && options.has("read_from")) {
      options.error("read_from", "'end' only makes sense with follow = true (it would read nothing)");
    }
    return path == null ? null
        : new FileSource(Path.of(path), follow, readFrom.equals("end"), Duration.ofMillis(poll));
  }

  @Override
  public FieldSet fields() {
    return FieldSet.of("message", "file", "offset");
  }

  @Override
  public RunningSource start(RunContext context) {
    if (!follow && !LineTailer.readable(path)) {
      throw context.failure("cannot read " + path + (Files.exists(path) ? " (not a readable file)"
          : " (no such file; with follow = true the source waits for it)"), null);
    }
    ClassicActorSystemProvider system = context.system();
    String file = path.toString();
    DeliveryTracker tracker = context.tracker();
    Source<LineTailer.Line, ?> lines = Source.<LineTailer.Line, LineTailer>unfoldResourceAsync(
            () -> CompletableFuture.completedFuture(new LineTailer(path, follow, fromEnd)),
            tailer -> read(tailer, system),
            tailer -> {
              tailer.close();
              return CompletableFuture.completedFuture(Done.getInstance());
            })
        .withAttributes(ActorAttributes.dispatcher("pekko.stream.blocking-io-dispatcher"));
    return StoppableSource.of(context.component().name(), lines.map(line -> {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("message", line.text());
      fields.put("file", file);
      fields.put("offset", line.offset());
      return tracker.open(Event.of(fields), Acknowledgement.NONE);
    }));
  }

  private CompletionStage<Optional<LineTailer.Line>> read(LineTailer tailer, ClassicActorSystemProvider system)
      throws IOException {
    LineTailer.Line line = tailer.poll();
    if (line == LineTailer.END) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    if (line != null) {
      return CompletableFuture.completedFuture(Optional.of(line));
    }
    return Patterns.after(pollInterval, system, () -> read(tailer, system));
  }
}
