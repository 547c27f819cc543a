package io.tributary.asyncapi.codegen.types;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes the text of one Java source file: the body line by line with a two-space indent, the imports
 * collected while writing ({@link #use}) and sorted, Javadoc wrapped and escaped so that any text a
 * document holds (descriptions, JSON names) can neither end the comment nor start a tag.
 *
 * <pre>{@code
 * JavaSourceBuilder source = new JavaSourceBuilder("generated.api", Set.of("Command"));
 * source.javadoc("A command.", List.of());
 * source.line("public record TurnOn(" + source.use("java.util.Optional") + "<Command> command) {}");
 * SourceFile file = source.build("TurnOn");
 * }</pre>
 *
 * <p>Not thread-safe: one builder per file.
 */
public final class JavaSourceBuilder {

  /** The widest line written (Javadoc is wrapped to it). */
  public static final int MAX_LINE = 120;

  /** Types of {@code java.lang} a generated file may use by simple name: a local type must not hide them. */
  static final Set<String> JAVA_LANG = Set.of("Boolean", "Byte", "Character", "CharSequence", "Class", "Comparable",
      "Deprecated", "Double", "Enum", "Error", "Exception", "Float", "FunctionalInterface", "IllegalArgumentException",
      "IllegalStateException", "Integer", "Iterable", "Long", "Math", "NullPointerException", "Number", "Object",
      "Override", "Record", "Runnable", "RuntimeException", "SafeVarargs", "Short", "String", "StringBuilder",
      "SuppressWarnings", "System", "Thread", "Throwable", "UnsupportedOperationException", "Void");

  private static final String INDENT = "  ";

  private final String packageName;
  private final Set<String> packageTypes;
  /** Imported qualified name by simple name. */
  private final Map<String, String> imports = new HashMap<>();
  private final StringBuilder body = new StringBuilder();
  private int depth;

  /**
   * @param packageName the package of the file ({@code ""} for the default package)
   * @param packageTypes the simple names of the types declared in that package: they win over imports,
   *     so a type of another package with one of these names is written qualified
   */
  public JavaSourceBuilder(String packageName, Collection<String> packageTypes) {
    this.packageName = Objects.requireNonNull(packageName, "packageName");
    this.packageTypes = Set.copyOf(packageTypes);
  }

  /**
   * Registers a type this file uses and tells how to write it: its simple name when it is imported, in
   * {@code java.lang} or in this package, its qualified name when the simple name is taken.
   *
   * @param qualifiedName e.g. {@code java.util.List} or, for a nested type, {@code
   *     com.fasterxml.jackson.annotation.JsonSubTypes.Type} (packages in lower case, types capitalized)
   * @return the name to write
   */
  public String use(String qualifiedName) {
    String own = packageName.isEmpty() ? "" : packageName + ".";
    String inOwn = qualifiedName.startsWith(own) ? qualifiedName.substring(own.length()) : "";
    if (packageTypes.contains(inOwn.split("\\.")[0])) {
      return inOwn;
    }
    String pkg = packageOf(qualifiedName);
    String local = pkg.isEmpty() ? qualifiedName : qualifiedName.substring(pkg.length() + 1);
    int dot = local.indexOf('.');
    String topLevel = dot < 0 ? local : local.substring(0, dot);
    String topQualified = pkg.isEmpty() ? topLevel : pkg + "." + topLevel;
    if (pkg.equals(packageName)) {
      return local;
    }
    if (packageTypes.contains(topLevel)) {
      return qualifiedName;
    }
    if (pkg.equals("java.lang")) {
      return local;
    }
    if (JAVA_LANG.contains(topLevel)) {
      return qualifiedName; // importing it would hide java.lang's
    }
    String imported = imports.putIfAbsent(topLevel, topQualified);
    return imported == null || imported.equals(topQualified) ? local : qualifiedName;
  }

  /**
   * @param qualifiedName a qualified type name, nested types with dots
   * @return its package: the segments before the first capitalized one ({@code ""} when none)
   */
  static String packageOf(String qualifiedName) {
    String[] parts = qualifiedName.split("\\.");
    List<String> pkg = new ArrayList<>();
    for (int i = 0; i < parts.length - 1 && !Character.isUpperCase(parts[i].charAt(0)); i++) {
      pkg.add(parts[i]);
    }
    return String.join(".", pkg);
  }

  /**
   * Appends a line at the current indent.
   *
   * @param text the line, without line break; empty for a blank line
   * @return this builder
   */
  public JavaSourceBuilder line(String text) {
    if (!text.isEmpty()) {
      body.append(INDENT.repeat(depth)).append(text);
    }
    body.append('\n');
    return this;
  }

  /**
   * Appends a line and indents the lines after it, e.g. <code>open("public record X() &#123;")</code>.
   *
   * @param text the line
   * @return this builder
   */
  public JavaSourceBuilder open(String text) {
    line(text);
    depth++;
    return this;
  }

  /**
   * Indents the lines after it, for a block whose opening line was written with {@link #line}.
   *
   * @return this builder
   */
  public JavaSourceBuilder indent() {
    depth++;
    return this;
  }

  /**
   * Ends an indented block: the lines after it go one level left, starting with {@code text}.
   *
   * @param text the line, e.g. {@code "}"}
   * @return this builder
   */
  public JavaSourceBuilder close(String text) {
    if (depth == 0) {
      throw new IllegalStateException("no block to close with '" + text + "'");
    }
    depth--;
    return line(text);
  }

  /**
   * Appends a Javadoc comment at the current indent: the text escaped ({@link #javadocText}), wrapped,
   * blank lines starting new paragraphs ({@code <p>}); then the tags, e.g. {@code param sentAt when it
   * was sent}, with their text escaped after the tag's first word.
   *
   * @param text the description (plain text, may be empty)
   * @param tags block tags without {@code @}: {@code "param name description"}, {@code "return ..."}
   * @return this builder
   */
  public JavaSourceBuilder javadoc(String text, List<String> tags) {
    int width = MAX_LINE - INDENT.length() * depth - 3;
    List<String> lines = new ArrayList<>();
    boolean first = true;
    for (String paragraph : text.strip().split("\\n\\s*\\n")) {
      String escaped = javadocText(paragraph).strip();
      if (escaped.isEmpty()) {
        continue;
      }
      if (!first) {
        lines.add("");
      }
      wrap((first ? "" : "<p>") + escaped, width, "", lines);
      first = false;
    }
    if (!tags.isEmpty() && !lines.isEmpty()) {
      lines.add("");
    }
    for (String tag : tags) {
      String[] parts = tag.strip().split("\\s+", 3);
      String head = "@" + parts[0] + (parts.length > 1 ? " " + parts[1] : "");
      String rest = parts.length > 2 ? javadocText(parts[2]).strip() : "";
      wrap(rest.isEmpty() ? head : head + " " + rest, width, "    ", lines);
    }
    if (lines.size() == 1 && lines.get(0).length() + 7 <= width + 3) {
      return line("/** " + lines.get(0) + " */");
    }
    line("/**");
    lines.forEach(l -> line(l.isEmpty() ? " *" : " * " + l));
    return line(" */");
  }

  /**
   * Splits text at spaces into lines of at most {@code width} characters (a longer word stays whole).
   *
   * @param text the text
   * @param width the longest line
   * @return the lines
   */
  public static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    wrap(text, width, "", lines);
    return lines;
  }

  /** Splits {@code text} at spaces into lines of at most {@code width} (a longer word stays whole). */
  private static void wrap(String text, int width, String continuation, List<String> lines) {
    StringBuilder current = new StringBuilder();
    for (String word : text.split("\\s+")) {
      if (word.isEmpty()) {
        continue;
      }
      if (current.length() > 0 && current.length() + 1 + word.length() > width) {
        lines.add(current.toString());
        current.setLength(0);
        current.append(continuation);
      }
      if (current.length() > 0 && !current.toString().equals(continuation)) {
        current.append(' ');
      }
      current.append(word);
    }
    if (current.length() > 0) {
      lines.add(current.toString());
    }
  }

  /**
   * Makes text safe inside a Javadoc comment and readable as HTML: {@code & < >} become entities,
   * {@code @} becomes {@code &#64;} (no tag can start), {@code /} after {@code *} becomes {@code &#47;}
   * (the comment cannot end), backslashes become {@code &#92;} (no {@code \}{@code u} escape), control
   * characters become spaces.
   *
   * @param text any text
   * @return the escaped text
   */
  public static String javadocText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '@' -> out.append("&#64;");
        case '\\' -> out.append("&#92;");
        case '/' -> out.append(i > 0 && text.charAt(i - 1) == '*' ? "&#47;" : "/");
        default -> out.append(c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' ? ' ' : c);
      }
    }
    return out.toString();
  }

  /**
   * @param value any text
   * @return a Java string literal of it, quotes included: control characters as octal escapes (a
   *     {@code \}{@code u} escape of a line end would end the literal: the compiler reads those first),
   *     other non-ASCII characters as {@code \}{@code u} escapes, so the file compiles in any source encoding
   */
  public static String literal(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\%03o", (int) c));
          } else if (c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c)); // any source encoding; never a line terminator here
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * @param simpleName the simple name of the file's top-level type
   * @return the file: package, sorted imports, then the body
   */
  public SourceFile build(String simpleName) {
    if (depth != 0) {
      throw new IllegalStateException(depth + " block(s) of " + simpleName + " not closed");
    }
    StringBuilder text = new StringBuilder();
    if (!packageName.isEmpty()) {
      text.append("package ").append(packageName).append(";\n\n");
    }
    Set<String> sorted = new TreeSet<>(imports.values());
    sorted.forEach(i -> text.append("import ").append(i).append(";\n"));
    if (!sorted.isEmpty()) {
      text.append('\n');
    }
    text.append(body);
    return new SourceFile(packageName, simpleName, text.toString());
  }
}
