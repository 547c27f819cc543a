package io.tributary.asyncapi.codegen.types;

import java.util.Objects;

/**
 * One generated Java source file.
 *
 * @param packageName its package
 * @param simpleName the simple name of its top-level type
 * @param text the source text
 */
public record SourceFile(String packageName, String simpleName, String text) {

  /** Checks that everything is given; the text ends with a line end. */
  public SourceFile {
    Objects.requireNonNull(packageName, "packageName");
    Objects.requireNonNull(simpleName, "simpleName");
    Objects.requireNonNull(text, "text");
    if (!text.endsWith("\n")) {
      text = text + "\n";
    }
  }

  /** @return its path under a source root, e.g. {@code generated/api/TurnOn.java} */
  public String path() {
    return (packageName.isEmpty() ? "" : packageName.replace('.', '/') + "/") + simpleName + ".java";
  }
}
