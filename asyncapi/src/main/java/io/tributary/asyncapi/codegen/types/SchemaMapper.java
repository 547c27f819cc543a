package io.tributary.asyncapi.codegen.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.GenerationException;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import io.tributary.asyncapi.codegen.model.DocumentTree.Located;
import io.tributary.asyncapi.codegen.types.TypeDecl.Component;
import io.tributary.asyncapi.codegen.types.TypeDecl.EnumDecl;
import io.tributary.asyncapi.codegen.types.TypeDecl.RecordDecl;
import io.tributary.asyncapi.codegen.types.TypeDecl.SealedDecl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps schemas to Java types, declaring records, enums and sealed interfaces as it goes. A schema is
 * mapped once per resolved pointer (a schema used by several messages gives one type); a record is
 * known before its properties are mapped, so a record may contain itself.
 */
final class SchemaMapper {

  /**
   * A schema's Java type.
   *
   * @param type the type (a primitive where natural)
   * @param nullable whether the schema admits {@code null}
   */
  record Mapped(JavaType type, boolean nullable) {}

  /** Keywords that change the shape of a value beyond what a Java type can follow. */
  private static final List<String> REFUSED = List.of("not", "if", "then", "else", "dependentSchemas",
      "prefixItems", "unevaluatedProperties", "unevaluatedItems");
  /** Keywords that say what a value is (the others only constrain it). */
  private static final List<String> SHAPING = List.of("type", "properties", "additionalProperties", "items",
      "enum", "const", "allOf", "oneOf", "anyOf");
  private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean",
      "null");
  private static final Mapped ANY = new Mapped(JavaType.JSON_NODE, true);

  private final DocumentTree tree;
  private final String packageName;
  private final TypeNames names;
  private final Map<String, Mapped> done = new HashMap<>();
  private final Set<String> inProgress = new HashSet<>();
  private final Map<String, TypeDecl> declarations = new LinkedHashMap<>();

  SchemaMapper(DocumentTree tree, String packageName, TypeNames names) {
    this.tree = tree;
    this.packageName = packageName;
    this.names = names;
  }

  /** @return the types declared so far, by simple name */
  Map<String, TypeDecl> declarations() {
    return declarations;
  }

  /**
   * @param node a schema, maybe a {@code $ref}
   * @param pointer where it is
   * @param wanted the name of its type if it needs one and is no component schema
   * @return its Java type
   * @throws GenerationException when the schema has no Java type
   */
  Mapped map(JsonNode node, String pointer, String wanted) {
    Located located = tree.resolve(node, pointer);
    JsonNode schema = located.node();
    String at = located.pointer();
    String key = Pointers.normalize(at);
    Mapped known = done.get(key);
    if (known != null) {
      return known;
    }
    if (schema.isBoolean()) {
      if (!schema.asBoolean()) {
        throw new GenerationException(at, "the schema 'false' accepts no value, so it has no Java type");
      }
      return ANY;
    }
    if (!schema.isObject()) {
      throw new GenerationException(at, "a schema is an object or a boolean, not " + schema.getNodeType());
    }
    checkSupported(schema, at);
    if (!inProgress.add(key)) {
      throw new GenerationException(at, "the schema contains itself with no object schema in between (such as an "
          + "array of itself): no Java type can express it");
    }
    try {
      Mapped mapped = mapFresh(schema, at, key, wanted);
      done.put(key, mapped);
      return mapped;
    } finally {
      inProgress.remove(key);
    }
  }

  private Mapped mapFresh(JsonNode schema, String at, String key, String wanted) {
    boolean nullable = admitsNull(schema);
    if (schema.has("oneOf") && schema.has("anyOf")) {
      throw new GenerationException(at, "oneOf and anyOf in one schema are not supported");
    }
    String combinator = schema.has("oneOf") ? "oneOf" : schema.has("anyOf") ? "anyOf" : null;
    if (combinator != null) {
      return alternatives(schema, at, key, wanted, combinator, nullable);
    }
    if (schema.has("allOf")) {
      return allOf(schema, at, key, wanted, nullable);
    }
    if (schema.has("enum") || schema.has("const")) {
      return enumeration(schema, at, key, wanted, nullable);
    }
    Set<String> types = types(schema, at);
    if (types.size() > 1) {
      return ANY;
    }
    String type = types.isEmpty() ? inferredType(schema) : types.iterator().next();
    return switch (type) {
      case "object" -> object(schema, at, key, wanted, nullable);
      case "array" -> array(schema, at, wanted, nullable);
      case "string" -> new Mapped(string(schema), nullable);
      case "integer" -> new Mapped(new JavaType.Primitive(
          "int32".equals(schema.path("format").asText()) ? "int" : "long"), nullable);
      case "number" -> new Mapped(new JavaType.Primitive("double"), nullable);
      case "boolean" -> new Mapped(new JavaType.Primitive("boolean"), nullable);
      default -> ANY;
    };
  }

  private Mapped object(JsonNode schema, String at, String key, String wanted, boolean nullable) {
    if (!schema.path("properties").isEmpty()) {
      return record(schema, at, key, wanted, nullable, shape(schema, at, new HashSet<>()));
    }
    JsonNode additional = schema.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      Mapped value = map(additional, Pointers.child(at, "additionalProperties"), wanted + "Value");
      return new Mapped(JavaType.mapOf(value.type()), nullable);
    }
    return new Mapped(JavaType.JSON_NODE, nullable);
  }

  private Mapped array(JsonNode schema, String at, String wanted, boolean nullable) {
    JsonNode items = schema.get("items");
    if (items == null) {
      return new Mapped(JavaType.listOf(JavaType.JSON_NODE), nullable);
    }
    if (items.isArray()) {
      throw new GenerationException(Pointers.child(at, "items"), "tuples (items as a list of schemas) are not "
          + "supported: give items one schema");
    }
    Mapped item = map(items, Pointers.child(at, "items"), wanted + "Item");
    return new Mapped(JavaType.listOf(item.type()), nullable);
  }

  private static JavaType string(JsonNode schema) {
    return switch (schema.path("format").asText()) {
      case "date-time" -> new JavaType.Named("java.time.OffsetDateTime");
      case "date" -> new JavaType.Named("java.time.LocalDate");
      case "uuid" -> new JavaType.Named("java.util.UUID");
      default -> JavaType.STRING;
    };
  }

  private Mapped record(JsonNode schema, String at, String key, String wanted, boolean nullable, Shape shape) {
    String name = declare(key, wanted);
    Mapped mapped = new Mapped(named(name), nullable);
    done.put(key, mapped);
    RecordDecl record = new RecordDecl(name, at, doc(schema));
    declarations.put(name, record);
    Set<String> members = new HashSet<>();
    for (Map.Entry<String, Property> entry : shape.properties.entrySet()) {
      String json = entry.getKey();
      Property property = entry.getValue();
      if (property.node.isBoolean() && !property.node.asBoolean()) {
        continue; // a property that may never be present
      }
      Mapped type = map(property.node, property.pointer, name + JavaNames.typeName(json));
      boolean required = shape.required.contains(json);
      JavaType javaType = !required ? JavaType.optionalOf(type.type())
          : type.nullable() ? type.type().boxed() : type.type();
      String member = JavaNames.memberName(json);
      for (int i = 2; !members.add(member); i++) {
        member = JavaNames.memberName(json) + i;
      }
      String description = property.node.path("description").asText(
          tree.resolve(property.node, property.pointer).node().path("description").asText(""));
      record.components().add(new Component(json, member, javaType, !required, description));
    }
    return mapped;
  }

  private Mapped allOf(JsonNode schema, String at, String key, String wanted, boolean nullable) {
    Shape shape = shape(schema, at, new HashSet<>());
    if (!shape.properties.isEmpty()) {
      return record(schema, at, key, wanted, nullable, shape);
    }
    // no properties anywhere: a schema that only adds a description or constraints to one other
    List<Integer> shaping = new ArrayList<>();
    JsonNode parts = schema.get("allOf");
    for (int i = 0; i < parts.size(); i++) {
      JsonNode part = tree.resolve(parts.get(i), Pointers.child(Pointers.child(at, "allOf"), i)).node();
      if (SHAPING.stream().anyMatch(part::has)) {
        shaping.add(i);
      }
    }
    if (shaping.isEmpty()) {
      return new Mapped(JavaType.JSON_NODE, nullable);
    }
    if (shaping.size() > 1) {
      throw new GenerationException(Pointers.child(at, "allOf"), "allOf of schemas that are not objects with "
          + "properties is not supported (objects are merged into one record)");
    }
    int only = shaping.get(0);
    Mapped part = map(parts.get(only), Pointers.child(Pointers.child(at, "allOf"), only), wanted);
    return new Mapped(part.type(), nullable || part.nullable());
  }

  private Mapped enumeration(JsonNode schema, String at, String key, String wanted, boolean nullable) {
    boolean isConst = schema.has("const");
    String where = Pointers.child(at, isConst ? "const" : "enum");
    List<JsonNode> values = new ArrayList<>();
    if (isConst) {
      values.add(schema.get("const"));
    } else if (schema.get("enum").isArray()) {
      schema.get("enum").forEach(values::add);
    } else {
      throw new GenerationException(where, "enum must be a list of values");
    }
    Set<String> texts = new LinkedHashSet<>();
    for (JsonNode value : values) {
      if (value.isNull()) {
        nullable = true;
      } else if (!value.isTextual()) {
        throw new GenerationException(where, "only string values become a Java enum, found " + value
            + " (a " + value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ")");
      } else {
        texts.add(value.asText());
      }
    }
    if (texts.isEmpty()) {
      return new Mapped(JavaType.JSON_NODE, true);
    }
    String name = declare(key, wanted);
    Map<String, String> constants = new LinkedHashMap<>();
    for (String text : texts) {
      String constant = JavaNames.constantName(text);
      for (int i = 2; constants.containsKey(constant); i++) {
        constant = JavaNames.constantName(text) + "_" + i;
      }
      constants.put(constant, text);
    }
    declarations.put(name, new EnumDecl(name, at, doc(schema), constants));
    return new Mapped(named(name), nullable);
  }

  private Mapped alternatives(JsonNode schema, String at, String key, String wanted, String combinator,
      boolean nullable) {
    String listAt = Pointers.child(at, combinator);
    JsonNode list = schema.get(combinator);
    if (!list.isArray() || list.isEmpty()) {
      throw new GenerationException(listAt, combinator + " must be a non-empty list of schemas");
    }
    if (schema.has("properties") || schema.has("allOf")) {
      throw new GenerationException(listAt, combinator + " next to properties or allOf is not supported: repeat "
          + "the shared properties in every alternative (with allOf there)");
    }
    List<Integer> objects = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (isNullSchema(tree.resolve(list.get(i), Pointers.child(listAt, i)).node())) {
        nullable = true;
      } else {
        objects.add(i);
      }
    }
    if (objects.isEmpty()) {
      return new Mapped(JavaType.JSON_NODE, true);
    }
    if (objects.size() == 1) { // [X, null]: a nullable X
      int only = objects.get(0);
      Mapped one = map(list.get(only), Pointers.child(listAt, only), wanted);
      return new Mapped(one.type(), nullable || one.nullable());
    }
    Map<Integer, Shape> shapes = new LinkedHashMap<>();
    for (int i : objects) {
      String altAt = Pointers.child(listAt, i);
      Located alt = tree.resolve(list.get(i), altAt);
      Shape shape = alt.node().isObject() && !alt.node().has("oneOf") && !alt.node().has("anyOf")
          ? shape(alt.node(), alt.pointer(), new HashSet<>()) : null;
      if (shape == null || shape.properties.isEmpty()) {
        throw new GenerationException(altAt, "alternative " + i + " of " + combinator + " is not an object schema "
            + "with properties; only objects become a sealed interface with a record per alternative");
      }
      shapes.put(i, shape);
    }
    Optional<Discriminator> discriminator = discriminator(schema, at);
    String name = declare(key, wanted);
    Mapped mapped = new Mapped(named(name), nullable);
    done.put(key, mapped);
    Map<String, String> records = new LinkedHashMap<>();
    Map<String, Integer> byValue = new HashMap<>();
    for (int i : objects) {
      String altAt = Pointers.child(listAt, i);
      JsonNode alt = list.get(i);
      String value = "";
      String altWanted;
      if (discriminator.isPresent()) {
        value = discriminatorValue(discriminator.get(), alt, altAt, shapes.get(i), i);
        Integer clash = byValue.putIfAbsent(value, i);
        if (clash != null) {
          throw new GenerationException(listAt, "alternatives " + clash + " and " + i + " have the same value '"
              + value + "' of discriminator '" + discriminator.get().property + "'");
        }
        altWanted = name + JavaNames.typeName(value);
      } else {
        String title = tree.resolve(alt, altAt).node().path("title").asText("Option" + (i + 1));
        altWanted = name + JavaNames.typeName(title);
      }
      Mapped record = map(alt, altAt, altWanted);
      TypeDecl decl = declarations.get(simpleName(record.type()));
      if (!(decl instanceof RecordDecl recordDecl)) {
        throw new GenerationException(altAt, "alternative " + i + " of " + combinator + " is not a record");
      }
      recordDecl.interfaces().add(name);
      discriminator.ifPresent(d -> recordDecl.typeProperties().add(d.property));
      records.put(recordDecl.name(), value);
    }
    if (discriminator.isEmpty()) {
      checkDeducible(combinator, listAt, shapes);
    }
    declarations.put(name, new SealedDecl(name, at, doc(schema), discriminator.map(d -> d.property), records));
    return mapped;
  }

  /** Without a discriminator, Jackson tells alternatives apart by the properties present. */
  private static void checkDeducible(String combinator, String listAt, Map<Integer, Shape> shapes) {
    for (Map.Entry<Integer, Shape> alt : shapes.entrySet()) {
      Set<String> own = new HashSet<>(alt.getValue().required);
      own.retainAll(alt.getValue().properties.keySet());
      shapes.forEach((i, other) -> {
        if (!i.equals(alt.getKey())) {
          own.removeAll(other.properties.keySet());
        }
      });
      if (own.isEmpty()) {
        throw new GenerationException(listAt, combinator + " without a discriminator: alternative "
            + alt.getKey() + " requires no property that the other alternatives lack, so payloads cannot be told "
            + "apart; add a discriminator (its property name) or a required property unique to each alternative");
      }
    }
  }

  private Optional<Discriminator> discriminator(JsonNode schema, String at) {
    JsonNode node = schema.get("discriminator");
    if (node == null) {
      return Optional.empty();
    }
    String where = Pointers.child(at, "discriminator");
    if (node.isTextual()) {
      return Optional.of(new Discriminator(node.asText(), Map.of()));
    }
    if (!node.isObject() || !node.path("propertyName").isTextual()) {
      throw new GenerationException(where, "a discriminator is a property name, or an object with propertyName "
          + "(and mapping)");
    }
    Map<String, String> mapping = new LinkedHashMap<>();
    node.path("mapping").properties().forEach(e -> {
      String target = e.getValue().asText();
      mapping.put(e.getKey(), Pointers.normalize(target.startsWith("#") ? target
          : "#/components/schemas/" + DocumentTree.escape(target)));
    });
    return Optional.of(new Discriminator(node.get("propertyName").asText(), mapping));
  }

  /** The alternative's discriminator value: its property's const or single enum, else the mapping's, else its name. */
  private String discriminatorValue(Discriminator discriminator, JsonNode alt, String altAt, Shape shape, int i) {
    Property property = shape.properties.get(discriminator.property);
    if (property != null) {
      JsonNode p = tree.resolve(property.node, property.pointer).node();
      JsonNode value = p.has("const") ? p.get("const") : p.path("enum").size() == 1 ? p.get("enum").get(0) : null;
      if (value != null) {
        if (!value.isTextual()) {
          throw new GenerationException(property.pointer, "a discriminator value must be a string, found " + value);
        }
        return value.asText();
      }
    }
    String resolved = Pointers.normalize(tree.resolve(alt, altAt).pointer());
    for (Map.Entry<String, String> entry : discriminator.mapping.entrySet()) {
      if (entry.getValue().equals(resolved)) {
        return entry.getKey();
      }
    }
    List<String> tokens = Pointers.tokens(resolved);
    if (tokens.size() == 3 && tokens.get(0).equals("components") && tokens.get(1).equals("schemas")) {
      return tokens.get(2);
    }
    throw new GenerationException(altAt, "alternative " + i + " has no value of discriminator '"
        + discriminator.property + "': give that property a const, map the alternative in discriminator.mapping, "
        + "or make it a component schema");
  }

  /** The properties and required names of an object schema, its allOf parts merged (later parts win). */
  private Shape shape(JsonNode node, String pointer, Set<String> visiting) {
    Located located = tree.resolve(node, pointer);
    JsonNode schema = located.node();
    String at = located.pointer();
    Shape shape = new Shape();
    if (!schema.isObject()) {
      return shape;
    }
    checkSupported(schema, at);
    if (!visiting.add(Pointers.normalize(at))) {
      throw new GenerationException(at, "allOf includes the schema itself");
    }
    JsonNode parts = schema.get("allOf");
    if (parts != null) {
      if (!parts.isArray()) {
        throw new GenerationException(Pointers.child(at, "allOf"), "allOf must be a list of schemas");
      }
      for (int i = 0; i < parts.size(); i++) {
        String partAt = Pointers.child(Pointers.child(at, "allOf"), i);
        JsonNode part = tree.resolve(parts.get(i), partAt).node();
        if (part.has("oneOf") || part.has("anyOf")) {
          throw new GenerationException(partAt, "an allOf part that is a oneOf or anyOf is not supported");
        }
        Shape merged = shape(parts.get(i), partAt, visiting);
        shape.properties.putAll(merged.properties);
        shape.required.addAll(merged.required);
      }
    }
    String propertiesAt = Pointers.child(at, "properties");
    schema.path("properties").properties().forEach(e ->
        shape.properties.put(e.getKey(), new Property(e.getValue(), Pointers.child(propertiesAt, e.getKey()))));
    schema.path("required").forEach(r -> shape.required.add(r.asText()));
    visiting.remove(Pointers.normalize(at));
    return shape;
  }

  private static void checkSupported(JsonNode schema, String at) {
    for (String keyword : REFUSED) {
      if (schema.has(keyword)) {
        throw new GenerationException(Pointers.child(at, keyword), "'" + keyword + "' is not supported: it changes "
            + "the shape of a value in ways a Java type cannot follow (validation keywords such as minimum, "
            + "pattern or maxLength are supported)");
      }
    }
    if (schema.has("patternProperties") && !schema.has("properties") && !schema.has("additionalProperties")) {
      throw new GenerationException(Pointers.child(at, "patternProperties"), "patternProperties alone is not "
          + "supported: use additionalProperties for a map, or properties for a record");
    }
    JsonNode dependencies = schema.path("dependencies");
    dependencies.properties().forEach(e -> {
      if (!e.getValue().isArray()) {
        throw new GenerationException(Pointers.child(Pointers.child(at, "dependencies"), e.getKey()),
            "schema dependencies are not supported (lists of required properties are)");
      }
    });
  }

  private static Set<String> types(JsonNode schema, String at) {
    JsonNode type = schema.get("type");
    Set<String> types = new LinkedHashSet<>();
    if (type == null) {
      return types;
    }
    List<JsonNode> listed = new ArrayList<>();
    if (type.isArray()) {
      type.forEach(listed::add);
    } else {
      listed.add(type);
    }
    for (JsonNode t : listed) {
      if (!TYPES.contains(t.asText())) {
        throw new GenerationException(Pointers.child(at, "type"), "unknown type " + t + " (JSON Schema knows "
            + String.join(", ", new java.util.TreeSet<>(TYPES)) + ")");
      }
      if (!t.asText().equals("null")) {
        types.add(t.asText());
      }
    }
    if (types.isEmpty()) {
      types.add("null");
    }
    return types;
  }

  private static String inferredType(JsonNode schema) {
    if (schema.has("properties") || schema.has("additionalProperties")) {
      return "object";
    }
    return schema.has("items") ? "array" : "any";
  }

  private static boolean admitsNull(JsonNode schema) {
    JsonNode type = schema.path("type");
    boolean nullType = type.asText().equals("null");
    for (JsonNode t : type) {
      nullType |= t.asText().equals("null");
    }
    return nullType || schema.has("const") && schema.get("const").isNull();
  }

  private static boolean isNullSchema(JsonNode schema) {
    return schema.path("type").asText().equals("null") || schema.has("const") && schema.get("const").isNull()
        || schema.path("enum").size() == 1 && schema.get("enum").get(0).isNull();
  }

  private static String doc(JsonNode schema) {
    String title = schema.path("title").asText("").strip();
    String description = schema.path("description").asText("").strip();
    return title.isEmpty() ? description : description.isEmpty() ? title : title + "\n\n" + description;
  }

  private String declare(String key, String wanted) {
    return names.component(key).orElseGet(() -> names.allocate(wanted));
  }

  private JavaType.Named named(String simpleName) {
    return new JavaType.Named(packageName + "." + simpleName);
  }

  private static String simpleName(JavaType type) {
    String name = type instanceof JavaType.Named n ? n.qualifiedName() : "";
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** A discriminator: the property and the values mapped to (normalized) schema pointers. */
  private record Discriminator(String property, Map<String, String> mapping) {}

  /** A property of an object schema and where it is. */
  private record Property(JsonNode node, String pointer) {}

  /** The properties and required names of an object schema with its allOf parts. */
  private static final class Shape {
    final Map<String, Property> properties = new LinkedHashMap<>();
    final Set<String> required = new LinkedHashSet<>();
  }
}
