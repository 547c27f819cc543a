package io.tributary.asyncapi.codegen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Generated Java sources, not yet written.
 *
 * @param packageName the package they are in
 * @param files source text by path relative to a source root, e.g. {@code generated/api/TurnOn.java}
 */
public record GeneratedSources(String packageName, Map<String, String> files) {

  /** Copies the files, sorted by path. */
  public GeneratedSources {
    files = java.util.Collections.unmodifiableMap(new TreeMap<>(files));
  }

  /**
   * Writes every file under a source root (directories created; existing files overwritten).
   *
   * @param sourceRoot e.g. {@code target/generated-sources/asyncapi}
   * @return the files written
   */
  public List<Path> writeTo(Path sourceRoot) {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = sourceRoot.resolve(file.getKey());
      try {
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
      }
      written.add(path);
    }
    return written;
  }
}
