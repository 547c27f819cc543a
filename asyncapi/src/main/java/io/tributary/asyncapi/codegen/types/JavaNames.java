package io.tributary.asyncapi.codegen.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Java identifiers from the names a document uses ({@code light-measured payload}, {@code sent_at},
 * {@code on}). Deterministic: the same name always gives the same identifier.
 */
public final class JavaNames {

  private static final Set<String> RESERVED = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
      "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
      "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
      "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
      "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile",
      "while", "true", "false", "null", "var", "yield", "record", "sealed", "permits", "non-sealed", "_");
  /** Methods of {@code Object} without parameters: a record component may not take their names. */
  private static final Set<String> OBJECT_METHODS = Set.of("clone", "finalize", "getClass", "hashCode", "notify",
      "notifyAll", "toString", "wait");

  private JavaNames() {}

  /** @return a type name: {@code light-measured payload} -> {@code LightMeasuredPayload} */
  public static String typeName(String name) {
    StringBuilder out = new StringBuilder();
    for (String word : words(name)) {
      out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return safe(out.toString(), "Type");
  }

  /**
   * @return a field, method or parameter name: {@code sent_at} -> {@code sentAt}, {@code class} -> {@code
   *     class_}; the names of {@code Object}'s methods without parameters are escaped too ({@code
   *     hashCode} -> {@code hashCode_}), as records cannot have components of those names
   */
  public static String memberName(String name) {
    if (words(name).isEmpty()) {
      return "value";
    }
    String type = typeName(name);
    String member = type.length() > 1 && Character.isUpperCase(type.charAt(1)) && allUpper(type)
        ? type.toLowerCase(Locale.ROOT)
        : Character.toLowerCase(type.charAt(0)) + type.substring(1);
    member = safe(member, "value");
    return OBJECT_METHODS.contains(member) ? member + "_" : member;
  }

  /**
   * @return an enum constant name: {@code on} -> {@code ON}, {@code sentAt} -> {@code SENT_AT}, {@code 2x} ->
   *     {@code _2X}
   */
  public static String constantName(String name) {
    List<String> words = new ArrayList<>();
    for (String word : words(name)) {
      words.add(word.toUpperCase(Locale.ROOT));
    }
    return safe(String.join("_", words), "VALUE");
  }

  /** @return whether {@code name} is a valid Java package name */
  public static boolean isPackageName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (String part : name.split("\\.", -1)) {
      if (part.isEmpty() || RESERVED.contains(part) || !Character.isJavaIdentifierStart(part.charAt(0))
          || !part.chars().allMatch(Character::isJavaIdentifierPart)) {
        return false;
      }
    }
    return true;
  }

  /** @return whether {@code word} is a Java keyword or literal, unusable as an identifier */
  public static boolean isReserved(String word) {
    return RESERVED.contains(word);
  }

  /** Splits at non-alphanumerics and at lower-to-upper case changes: {@code sentAt_x} -> sent, At, x. */
  private static List<String> words(String name) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!Character.isLetterOrDigit(c) || c > 127) {
        flush(word, words);
        continue;
      }
      if (Character.isUpperCase(c) && word.length() > 0
          && (Character.isLowerCase(word.charAt(word.length() - 1))
          || i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1))
          && Character.isUpperCase(word.charAt(word.length() - 1)))) {
        flush(word, words);
      }
      word.append(c);
    }
    flush(word, words);
    return words;
  }

  private static void flush(StringBuilder word, List<String> words) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }

  private static boolean allUpper(String s) {
    return s.chars().noneMatch(Character::isLowerCase);
  }

  private static String safe(String name, String ifEmpty) {
    if (name.isEmpty()) {
      return ifEmpty;
    }
    if (!Character.isJavaIdentifierStart(name.charAt(0))) {
      name = "_" + name;
    }
    return RESERVED.contains(name) ? name + "_" : name;
  }
}
