package io.tributary.asyncapi.codegen.types;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A type to generate from a schema: a record, an enum or a sealed interface, before it is written. */
sealed interface TypeDecl {

  /** @return its simple name */
  String name();

  /** @return the pointer of the schema it comes from */
  String pointer();

  /** @return its documentation: the schema's description or title, empty when it has neither */
  String doc();

  /**
   * A record, from an object schema (its {@code allOf} parts merged).
   *
   * @param name its simple name
   * @param pointer the pointer of its schema
   * @param doc its documentation
   * @param components its components, in property order
   * @param interfaces the sealed interfaces it implements (filled in when a {@code oneOf} uses it)
   * @param typeProperties JSON properties that Jackson writes as a type id of those interfaces, so not
   *     components (filled in with {@code interfaces})
   */
  record RecordDecl(String name, String pointer, String doc, List<Component> components, List<String> interfaces,
      List<String> typeProperties) implements TypeDecl {

    RecordDecl(String name, String pointer, String doc) {
      this(name, pointer, doc, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    /** @return the components written: all but the type properties */
    List<Component> written() {
      return components.stream().filter(c -> !typeProperties.contains(c.jsonName())).toList();
    }
  }

  /**
   * One record component.
   *
   * @param jsonName the JSON property
   * @param javaName the component name
   * @param type its type ({@code Optional} already applied to properties that are not required)
   * @param optional whether it is an {@code Optional} (absent properties are not written)
   * @param description the property's description, empty when none
   */
  record Component(String jsonName, String javaName, JavaType type, boolean optional, String description) {}

  /**
   * An enum, from a string {@code enum} or {@code const}.
   *
   * @param name its simple name
   * @param pointer the pointer of its schema
   * @param doc its documentation
   * @param constants JSON value by constant name, in order
   */
  record EnumDecl(String name, String pointer, String doc, Map<String, String> constants) implements TypeDecl {

    /** Copies the map, keeping the order. */
    public EnumDecl {
      constants = new LinkedHashMap<>(constants);
    }
  }

  /**
   * A sealed interface, from a {@code oneOf} or {@code anyOf} of object schemas.
   *
   * @param name its simple name
   * @param pointer the pointer of its schema
   * @param doc its documentation
   * @param discriminator the JSON property naming the alternative, empty for deduction from the
   *     properties present
   * @param alternatives the records implementing it with their discriminator value (empty for deduction)
   */
  record SealedDecl(String name, String pointer, String doc, Optional<String> discriminator,
      Map<String, String> alternatives) implements TypeDecl {

    /** Copies the map, keeping the order. */
    public SealedDecl {
      alternatives = new LinkedHashMap<>(alternatives);
    }
  }
}
