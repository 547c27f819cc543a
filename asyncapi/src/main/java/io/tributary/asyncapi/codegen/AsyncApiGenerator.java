package io.tributary.asyncapi.codegen;

import io.tributary.asyncapi.codegen.model.ApiModel;
import io.tributary.asyncapi.codegen.operations.OperationSources;
import io.tributary.asyncapi.codegen.read.DocumentReader;
import io.tributary.asyncapi.codegen.types.JavaNames;
import io.tributary.asyncapi.codegen.types.PayloadTypes;
import io.tributary.asyncapi.codegen.types.SourceFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates Java code from an AsyncAPI 3.0.x or 3.1.x document (YAML or JSON): a record per message
 * payload (nested objects as records, enums as enums, {@code oneOf} with a discriminator as a sealed
 * interface), per {@code receive} operation a handler interface and a factory that starts the runner
 * of the server's protocol with ingress validation, per {@code send} operation a typed publisher.
 * Used by the Maven plugin's {@code generate} goal and {@code ./tributary asyncapi generate}.
 */
public final class AsyncApiGenerator {

  private AsyncApiGenerator() {}

  /**
   * Generates the code of a document.
   *
   * @param document the document's file (YAML, or JSON when it ends with {@code .json})
   * @param packageName the package of the generated code; null or blank for the default
   *     ({@link #defaultPackage}) of the document's title
   * @return the generated sources (not yet written)
   * @throws GenerationException when the document is invalid or uses what is not supported, naming
   *     the JSON pointer
   * @throws java.io.UncheckedIOException when the file cannot be read
   */
  public static GeneratedSources generate(Path document, String packageName) {
    return generate(DocumentReader.read(document), packageName);
  }

  /**
   * Generates the code of a document given as text.
   *
   * @param documentText YAML or JSON
   * @param packageName the package; null or blank for the default of the document's title
   * @return the generated sources
   * @throws GenerationException when the document is invalid or uses what is not supported
   * @throws IllegalArgumentException when {@code packageName} is not a Java package name
   */
  public static GeneratedSources generate(String documentText, String packageName) {
    return generate(DocumentReader.read(documentText), packageName);
  }

  private static GeneratedSources generate(ApiModel model, String packageName) {
    String pkg = packageName == null || packageName.isBlank() ? defaultPackage(model.title()) : packageName.strip();
    if (!JavaNames.isPackageName(pkg)) {
      throw new IllegalArgumentException("not a Java package name: '" + pkg + "'");
    }
    PayloadTypes types = PayloadTypes.generate(model, pkg);
    List<SourceFile> operations = OperationSources.generate(model, pkg, types::typeOf);
    Map<String, String> files = new LinkedHashMap<>();
    for (SourceFile file : types.sources()) {
      files.put(file.path(), file.text());
    }
    for (SourceFile file : operations) {
      if (files.putIfAbsent(file.path(), file.text()) != null) {
        throw new GenerationException("#/operations", "the generated class " + file.simpleName()
            + " is also the name of a payload type; rename the operation or the schema");
      }
    }
    return new GeneratedSources(pkg, files);
  }

  /**
   * @param title a document's {@code info.title}
   * @return the package generated code goes to by default: {@code generated.} and the title in lower
   *     case with everything but letters and digits removed, e.g. {@code generated.streetlightskafkaapi}
   */
  public static String defaultPackage(String title) {
    String name = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "");
    if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      name = "api" + name;
    }
    return "generated." + name;
  }
}
