package io.tributary.asyncapi.codegen.types;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A Java type as generated code uses it: a class, a primitive, a parameterized type or an array. */
sealed interface JavaType {

  /** {@code java.lang.String} */
  JavaType STRING = new Named("java.lang.String");
  /** {@code com.fasterxml.jackson.databind.JsonNode}: any JSON */
  JavaType JSON_NODE = new Named("com.fasterxml.jackson.databind.JsonNode");

  /** @return the type written in a source file, imports registered with {@code source} */
  String render(JavaSourceBuilder source);

  /** @return the type written in a file of package {@code packageName} without imports */
  String expression(String packageName);

  /** @return the reference type of this type: {@code Long} for {@code long}, the type itself otherwise */
  default JavaType boxed() {
    return this;
  }

  /** @return a parameterized {@code java.util.List} */
  static JavaType listOf(JavaType element) {
    return new Generic(new Named("java.util.List"), List.of(element.boxed()));
  }

  /** @return a parameterized {@code java.util.Optional} */
  static JavaType optionalOf(JavaType value) {
    return new Generic(new Named("java.util.Optional"), List.of(value.boxed()));
  }

  /** @return a parameterized {@code java.util.Map} with string keys */
  static JavaType mapOf(JavaType value) {
    return new Generic(new Named("java.util.Map"), List.of(STRING, value.boxed()));
  }

  /**
   * A class or interface.
   *
   * @param qualifiedName its qualified name (nested types with dots, e.g. {@code a.b.Outer.Inner})
   */
  record Named(String qualifiedName) implements JavaType {

    @Override
    public String render(JavaSourceBuilder source) {
      return source.use(qualifiedName);
    }

    @Override
    public String expression(String packageName) {
      if (qualifiedName.startsWith(packageName + ".")
          && qualifiedName.indexOf('.', packageName.length() + 1) < 0) {
        return qualifiedName.substring(packageName.length() + 1);
      }
      String pkg = JavaSourceBuilder.packageOf(qualifiedName);
      return pkg.equals(packageName) || pkg.equals("java.lang")
          ? qualifiedName.substring(pkg.isEmpty() ? 0 : pkg.length() + 1)
          : qualifiedName;
    }
  }

  /**
   * A primitive type.
   *
   * @param keyword {@code long}, {@code int}, {@code double}, {@code boolean}, {@code byte}
   */
  record Primitive(String keyword) implements JavaType {

    private static final Map<String, String> BOXES = Map.of("long", "java.lang.Long", "int", "java.lang.Integer",
        "double", "java.lang.Double", "boolean", "java.lang.Boolean", "byte", "java.lang.Byte");

    @Override
    public String render(JavaSourceBuilder source) {
      return keyword;
    }

    @Override
    public String expression(String packageName) {
      return keyword;
    }

    @Override
    public JavaType boxed() {
      return new Named(BOXES.get(keyword));
    }
  }

  /**
   * A parameterized type.
   *
   * @param raw the generic class
   * @param arguments its type arguments (reference types)
   */
  record Generic(Named raw, List<JavaType> arguments) implements JavaType {

    /** Copies the list. */
    public Generic {
      arguments = List.copyOf(arguments);
    }

    @Override
    public String render(JavaSourceBuilder source) {
      return raw.render(source) + arguments.stream().map(a -> a.render(source))
          .collect(Collectors.joining(", ", "<", ">"));
    }

    @Override
    public String expression(String packageName) {
      return raw.expression(packageName) + arguments.stream().map(a -> a.expression(packageName))
          .collect(Collectors.joining(", ", "<", ">"));
    }
  }

  /**
   * An array type.
   *
   * @param component the type of its elements
   */
  record Array(JavaType component) implements JavaType {

    @Override
    public String render(JavaSourceBuilder source) {
      return component.render(source) + "[]";
    }

    @Override
    public String expression(String packageName) {
      return component.expression(packageName) + "[]";
    }
  }
}
