package io.tributary.pipeline.sink;

import io.tributary.pipeline.component.RunContext;
import io.tributary.pipeline.component.RunningSink;
import io.tributary.pipeline.component.SinkDefinition;
import io.tributary.pipeline.config.Options;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Sink {@code file}: appends each event to a file as one line of JSON, flushing before the event
 * counts as accepted. {@code append = false} empties the file when the pipeline starts. Missing
 * parent directories are created.
 */
public final class FileSink implements SinkDefinition {

  /** The type name in configs. */
  public static final String TYPE = "file";

  private final Path path;
  private final boolean append;

  private FileSink(Path path, boolean append) {
    this.path = path;
    this.append = append;
  }

  /** Reads the options: path, append. */
  public static FileSink create(Options options) {
    String path = options.requiredString("path");
    boolean append = options.bool("append", true);
    return path == null ? null : new FileSink(Path.of(path), append);
  }

  @Override
  public RunningSink start(RunContext context, List<String> inputs) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      // Fails now, with the component's name, rather than once events flow; empties it unless appending.
      Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING).close();
    } catch (IOException e) {
      throw context.failure("cannot open " + path + " for writing: " + e, e);
    }
    return RunningSink.of(JsonLinesSink.create(context.component().path(), () -> {
      BufferedWriter writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      return new LineWriter() {
        @Override
        public void writeAndFlush(String lines) throws IOException {
          writer.write(lines);
          writer.flush();
        }

        @Override
        public void close() throws IOException {
          writer.close();
        }
      };
    }));
  }
}
