package io.tributary.asyncapi.codegen.operations;

import io.tributary.asyncapi.codegen.types.JavaSourceBuilder;
import java.util.ArrayList;
import java.util.List;

/** Text that is safe inside generated Java: string literals and Javadoc. */
final class JavaText {

  /** Longest piece of a literal: the constant pool holds at most 65535 bytes of UTF-8 per string. */
  private static final int CHUNK = 8_000;

  private JavaText() {}

  /** @return {@code s} as a Java string literal, quotes included */
  static String literal(String s) {
    return JavaSourceBuilder.literal(s);
  }

  /**
   * @return an expression of type String with the value {@code s}: one literal, or for long text a
   *     {@code String.join} of literals (a single literal may not exceed the constant pool's limit)
   */
  static String longLiteral(String s) {
    if (s.length() <= CHUNK) {
      return literal(s);
    }
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < s.length(); i += CHUNK) {
      parts.add("      " + literal(s.substring(i, Math.min(s.length(), i + CHUNK))));
    }
    return "String.join(\"\",\n" + String.join(",\n", parts) + ")";
  }

  /**
   * @return {@code s} safe inside a Javadoc comment: no comment end, no Unicode escapes (javac reads them
   *     even in comments), no HTML or tags
   */
  static String doc(String s) {
    // Braces too: generated text sits next to {@link} tags, and "{@" must never start one.
    return JavaSourceBuilder.javadocText(s.strip().replace("\r", "")).replace("{", "&#123;").replace("}", "&#125;");
  }

  /** @return {@code s} as Javadoc code ({@code {@code s}}), escaped */
  static String code(String s) {
    return "<code>" + doc(s) + "</code>";
  }

  /**
   * @param indent the indentation of the comment
   * @param paragraphs the text, one entry per paragraph (already escaped); blank ones are dropped
   * @return a Javadoc comment
   */
  static String javadoc(String indent, List<String> paragraphs) {
    StringBuilder out = new StringBuilder(indent).append("/**\n");
    boolean first = true;
    for (String p : paragraphs) {
      if (p == null || p.isBlank()) {
        continue;
      }
      if (!first && !p.startsWith("@")) {
        out.append(indent).append(" *\n");
      }
      String prefix = !first && !p.startsWith("@") ? "<p>" : "";
      int width = JavaSourceBuilder.MAX_LINE - indent.length() - 3;
      for (String paragraphLine : (prefix + p).split("\n")) {
        for (String line : JavaSourceBuilder.wrap(paragraphLine, width)) {
          out.append(indent).append(" * ").append(line).append('\n');
        }
      }
      first = false;
    }
    return out.append(indent).append(" */\n").toString();
  }
}
