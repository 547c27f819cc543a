package io.tributary.asyncapi.maven;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a {@code generate} run generated from: the document's SHA-256, the requested package and the
 * generator, with the files it wrote. Kept as a properties file in the output directory, so that the
 * next run can tell whether anything changed and which of its files a new run no longer generates.
 *
 * @param documentSha256 the document's content hash, hex
 * @param packageName the package asked for, or empty for the default
 * @param generator where the generator was loaded from, and when that was built
 * @param files the files written, relative to the output directory (empty before a run)
 */
record GenerationStamp(String documentSha256, String packageName, String generator, Set<String> files) {

  /** The stamp's file name in the output directory (not a source file: compilers ignore it). */
  static final String FILE = ".tributary-asyncapi-generate.properties";

  private static final GenerationStamp NONE = new GenerationStamp("", "", "", Set.of());

  GenerationStamp {
    Objects.requireNonNull(documentSha256, "documentSha256");
    packageName = packageName == null ? "" : packageName;
    Objects.requireNonNull(generator, "generator");
    files = Set.copyOf(files);
  }

  /** The inputs of a run about to happen, without files yet. */
  static GenerationStamp of(Path document, String packageName, String generator) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(document));
      return new GenerationStamp(HexFormat.of().formatHex(hash), packageName, generator, Set.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + document + ": " + e.getMessage(), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The stamp of the last run into {@code outputDirectory}, or an empty one when there is none or it is unreadable. */
  static GenerationStamp read(Path outputDirectory) {
    Path file = outputDirectory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return NONE; // a damaged stamp only costs a new run
    }
    String files = properties.getProperty("files", "");
    return new GenerationStamp(properties.getProperty("document.sha256", ""), properties.getProperty("package", ""),
        properties.getProperty("generator", ""),
        files.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(files.split(","))));
  }

  /** @return whether a run with this stamp's inputs already produced {@code previous}'s files */
  boolean sameInputs(GenerationStamp previous) {
    return previous != NONE && documentSha256.equals(previous.documentSha256)
        && packageName.equals(previous.packageName) && generator.equals(previous.generator);
  }

  /** @return this stamp with the files a run wrote */
  GenerationStamp withFiles(Set<String> written) {
    return new GenerationStamp(documentSha256, packageName, generator, written);
  }

  /** Deletes the files of this (previous) run that the new run does not generate. */
  void deleteFilesNotIn(Path outputDirectory, Set<String> generated) {
    Path root = outputDirectory.toAbsolutePath().normalize();
    for (String relative : files) {
      Path stale = root.resolve(relative).normalize();
      // only files below the output directory: a hand-edited stamp must not delete anything else
      if (!generated.contains(relative) && stale.startsWith(root)) {
        try {
          Files.deleteIfExists(stale);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + stale + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** Writes the stamp into {@code outputDirectory}. */
  void write(Path outputDirectory) {
    Properties properties = new Properties();
    properties.setProperty("document.sha256", documentSha256);
    properties.setProperty("package", packageName);
    properties.setProperty("generator", generator);
    properties.setProperty("files", String.join(",", new TreeSet<>(files)));
    Path file = outputDirectory.resolve(FILE);
    try {
      Files.createDirectories(outputDirectory);
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        properties.store(out, "tributary-asyncapi-maven-plugin:generate; delete to generate again");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
