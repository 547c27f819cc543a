package io.tributary.asyncapi.codegen;

import io.tributary.asyncapi.codegen.types.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources in the test's JVM, against the test classpath, into a temporary
 * directory, and loads them: a test sees exactly what a user's build would compile. Every diagnostic
 * (warnings of {@code -Xlint:all} and {@code -Xdoclint:all} included) fails the compilation, but for
 * doclint's missing comments (javac 17 asks for a comment on every record component's accessor).
 */
public final class InMemoryCompiler {

  private InMemoryCompiler() {}

  /**
   * The compiled classes.
   *
   * @param classes the directory they were written to
   * @param loader a class loader over that directory, child of the test's
   */
  public record Compiled(Path classes, URLClassLoader loader) {

    /**
     * @param qualifiedName a compiled class, e.g. {@code generated.api.TurnOn}
     * @return the class, loaded
     */
    public Class<?> load(String qualifiedName) {
      try {
        return Class.forName(qualifiedName, true, loader);
      } catch (ClassNotFoundException e) {
        throw new AssertionError(qualifiedName + " was not compiled; classes: " + classes, e);
      }
    }

    /**
     * Runs {@code action} with {@link #loader} as the thread's context class loader: Jackson finds
     * classes named by type ids there (e.g. the subtypes of a {@code DEDUCTION} sealed interface).
     *
     * @param action what to run
     * @param <T> its result type
     * @return its result
     * @throws Exception what it throws
     */
    public <T> T withContextLoader(Callable<T> action) throws Exception {
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        return action.call();
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }

  /**
   * @param sources the files to compile
   * @return the compiled classes
   * @throws AssertionError with every diagnostic and the numbered sources when the compiler reports anything
   */
  public static Compiled compile(List<SourceFile> sources) {
    return compile(sources.stream().collect(Collectors.toMap(SourceFile::path, SourceFile::text)));
  }

  /**
   * Compiles generated sources together with hand-written ones (code a user writes against them).
   *
   * @param sources the generated sources
   * @param extra hand-written classes of the generated package, source by simple name
   * @return the compiled classes
   */
  public static Compiled compile(GeneratedSources sources, Map<String, String> extra) {
    Map<String, String> all = new java.util.TreeMap<>(sources.files());
    String dir = sources.packageName().replace('.', '/');
    extra.forEach((name, text) -> all.put(dir + "/" + name + ".java", text));
    return compile(all);
  }

  /**
   * @param sources source text by path, e.g. {@code generated/api/TurnOn.java}
   * @return the compiled classes
   * @throws AssertionError with every diagnostic and the numbered sources when the compiler reports anything
   */
  public static Compiled compile(Map<String, String> sources) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new AssertionError("no system Java compiler: run the tests on a JDK, not a JRE");
    }
    try {
      Path classes = Files.createTempDirectory("tributary-codegen-");
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      List<JavaFileObject> units = new ArrayList<>();
      sources.forEach((path, text) -> units.add(new Source(path, text)));
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", classes.toString(),
          "-encoding", "UTF-8", "-proc:none", "-Xlint:all", "-Xdoclint:all,-missing", "-Werror");
      try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
          StandardCharsets.UTF_8)) {
        boolean ok = compiler.getTask(null, files, diagnostics, options, null, units).call();
        if (!ok || !diagnostics.getDiagnostics().isEmpty()) {
          throw new AssertionError(report(diagnostics.getDiagnostics(), sources));
        }
      }
      return new Compiled(classes, new URLClassLoader(new URL[] {classes.toUri().toURL()},
          InMemoryCompiler.class.getClassLoader()));
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String report(List<Diagnostic<? extends JavaFileObject>> diagnostics, Map<String, String> sources) {
    StringBuilder out = new StringBuilder("the generated sources do not compile cleanly:\n");
    for (Diagnostic<? extends JavaFileObject> d : diagnostics) {
      out.append(d.getKind()).append(' ').append(d.getSource() == null ? "" : d.getSource().getName())
          .append(':').append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
    }
    sources.forEach((path, text) -> {
      out.append("--- ").append(path).append('\n');
      String[] lines = text.split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        out.append(String.format("%4d  %s%n", i + 1, lines[i]));
      }
    });
    return out.toString();
  }

  /** A source file held in memory. */
  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(String path, String text) {
      super(URI.create("string:///" + path), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }
}
