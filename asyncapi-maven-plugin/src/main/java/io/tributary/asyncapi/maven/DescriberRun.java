package io.tributary.asyncapi.maven;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs a project's describer in a class loader of the project's own runtime classpath and writes the
 * document it returns. The loader's parent is the JDK's platform loader, not the plugin's: the
 * describer, the Tributary it uses and their dependencies are exactly the project's, whatever version
 * of Tributary the plugin was built with. The document is therefore handled by reflection, through
 * {@code AsyncApiDocument.write(Path)}.
 */
final class DescriberRun {

  /** The class a describer returns, looked up in the project's loader. */
  static final String DOCUMENT_CLASS = "io.tributary.asyncapi.AsyncApiDocument";

  private DescriberRun() {}

  /**
   * Instantiates {@code describerClass}, calls {@code get()} and writes the document to {@code output}.
   *
   * @param classpath the project's runtime classpath: its output directory and runtime dependencies
   * @param describerClass the describer's binary name
   * @param output the document's file (JSON when it ends with {@code .json}, YAML otherwise)
   * @throws DescriberException when the describer cannot be loaded, is not a describer, or fails
   */
  static void write(List<Path> classpath, String describerClass, Path output) throws DescriberException {
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader("asyncapi-describe", urls(classpath),
        ClassLoader.getPlatformClassLoader())) {
      // Jackson, Typesafe Config and Pekko find resources through the context loader
      Thread.currentThread().setContextClassLoader(loader);
      Object document = describe(loader, describerClass);
      Method write = document.getClass().getMethod("write", Path.class);
      write.invoke(document, output);
    } catch (InvocationTargetException e) {
      throw new DescriberException("cannot write " + output + ": " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new DescriberException("the document of " + describerClass + " has no write(Path) method: " + e, e);
    } catch (IOException e) {
      throw new DescriberException("cannot close the class loader of " + describerClass + ": " + e.getMessage(), e);
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
  }

  private static Object describe(ClassLoader loader, String describerClass) throws DescriberException {
    Class<?> type;
    try {
      type = Class.forName(describerClass, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new DescriberException("describer " + describerClass + " cannot be loaded from the project's runtime "
          + "classpath (its classes and runtime dependencies): " + e, e);
    }
    if (!Supplier.class.isAssignableFrom(type)) {
      throw new DescriberException("describer " + describerClass + " must implement java.util.function.Supplier<"
          + DOCUMENT_CLASS + ">");
    }
    Constructor<?> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new DescriberException("describer " + describerClass + " needs a public no-argument constructor", e);
    }
    if (Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
      throw new DescriberException("describer " + describerClass + " must be a public, non-abstract class");
    }
    Object document;
    try {
      document = ((Supplier<?>) constructor.newInstance()).get();
    } catch (InvocationTargetException e) {
      throw new DescriberException("describer " + describerClass + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new DescriberException("describer " + describerClass + " cannot be instantiated: " + e, e);
    } catch (RuntimeException | LinkageError e) {
      throw new DescriberException("describer " + describerClass + " failed: " + e, e);
    }
    if (document == null || !document.getClass().getName().equals(DOCUMENT_CLASS)) {
      throw new DescriberException("describer " + describerClass + " must return an " + DOCUMENT_CLASS
          + " (AsyncApi.document(...)), returned " + (document == null ? "null" : document.getClass().getName()));
    }
    return document;
  }

  private static URL[] urls(List<Path> classpath) throws DescriberException {
    List<URL> urls = new ArrayList<>();
    for (Path element : classpath) {
      try {
        urls.add(element.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new DescriberException("classpath element " + element + " is not a valid URL: " + e.getMessage(), e);
      }
    }
    return urls.toArray(URL[]::new);
  }
}
