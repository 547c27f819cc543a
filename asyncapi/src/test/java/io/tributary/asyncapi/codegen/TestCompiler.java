package io.tributary.asyncapi.codegen;

import io.tributary.asyncapi.codegen.types.SourceFile;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/** Compiles generated sources in-process (javac, the test classpath) and loads them. */
public final class TestCompiler {

  private TestCompiler() {}

  /**
   * Compiles {@code sources} with {@code -Xlint:all -Werror}: a warning fails like an error.
   *
   * @param dir a fresh directory for sources and classes
   * @param sources the sources
   * @return a class loader with the compiled classes (parent: the test's class loader)
   * @throws AssertionError with javac's output when they do not compile
   */
  public static ClassLoader compile(Path dir, List<SourceFile> sources) {
    try {
      Path src = Files.createDirectories(dir.resolve("src"));
      Path classes = Files.createDirectories(dir.resolve("classes"));
      List<Path> files = new ArrayList<>();
      for (SourceFile s : sources) {
        Path file = src.resolve(s.path());
        Files.createDirectories(file.getParent());
        Files.writeString(file, s.text(), StandardCharsets.UTF_8);
        files.add(file);
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      StringWriter output = new StringWriter();
      try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
        Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
            "-Xlint:all,-processing,-classfile,-path,-options", "-Werror", "-Xdoclint:all,-missing", "-proc:none");
        boolean ok = javac.getTask(output, fm, null, options, null, units).call();
        if (!ok) {
          StringBuilder all = new StringBuilder(output.toString());
          for (SourceFile s : sources) {
            all.append("\n--- ").append(s.path()).append('\n').append(numbered(s.text()));
          }
          throw new AssertionError("generated code does not compile:\n" + all);
        }
      }
      return new URLClassLoader(new URL[] {classes.toUri().toURL()}, TestCompiler.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compiles generated sources together with hand-written ones (code a user writes against them).
   *
   * @param dir a fresh directory for sources and classes
   * @param sources the generated sources
   * @param extra hand-written classes of the generated package, source by simple name
   * @return a class loader with the compiled classes
   */
  public static ClassLoader compile(Path dir, GeneratedSources sources, Map<String, String> extra) {
    List<SourceFile> all = new ArrayList<>();
    sources.files().forEach((path, text) -> {
      String name = path.substring(path.lastIndexOf('/') + 1, path.length() - ".java".length());
      all.add(new SourceFile(sources.packageName(), name, text));
    });
    extra.forEach((name, text) -> all.add(new SourceFile(sources.packageName(), name, text)));
    return compile(dir, all);
  }

  private static String numbered(String text) {
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      out.append(String.format("%4d  %s%n", i + 1, lines[i]));
    }
    return out.toString();
  }
}
