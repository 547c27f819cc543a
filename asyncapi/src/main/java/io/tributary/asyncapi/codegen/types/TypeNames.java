package io.tributary.asyncapi.codegen.types;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.asyncapi.codegen.model.DocumentTree;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Hands out the names of generated types: unique in the package (ignoring case, for file systems that
 * do), never a {@code java.lang} type's, component schemas first in document order so that their names
 * win over names made up for inline schemas. A name taken gets a numeric suffix: {@code Shape2}.
 */
final class TypeNames {

  private static final String COMPONENTS = "#/components/schemas/";

  private final Set<String> taken = new HashSet<>();
  private final Map<String, String> components = new HashMap<>();

  /**
   * @param document the document, whose {@code components.schemas} get their names now
   * @param reserved names the generated types must not take (other generators' types)
   */
  TypeNames(JsonNode document, Set<String> reserved) {
    JavaSourceBuilder.JAVA_LANG.forEach(n -> taken.add(n.toLowerCase(Locale.ROOT)));
    reserved.forEach(n -> taken.add(n.toLowerCase(Locale.ROOT)));
    for (Iterator<String> keys = document.path("components").path("schemas").fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      components.put(COMPONENTS + DocumentTree.escape(key), allocate(key));
    }
  }

  /**
   * @param pointer a normalized schema pointer ({@link Pointers#normalize})
   * @return the name of the component schema at {@code pointer}, if it is one
   */
  Optional<String> component(String pointer) {
    return Optional.ofNullable(components.get(pointer));
  }

  /**
   * @param wanted a name from the document (any spelling: it goes through {@link JavaNames#typeName})
   * @return a type name nobody has, taken now
   */
  String allocate(String wanted) {
    String base = JavaNames.typeName(wanted);
    String name = base;
    for (int i = 2; !taken.add(name.toLowerCase(Locale.ROOT)); i++) {
      name = base + i;
    }
    return name;
  }
}
