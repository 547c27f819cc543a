package io.tributary.pipeline.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What validation knows about the fields of the events on one output of a pipeline component:
 * either exactly which top-level fields they may have (a generator's, after a remap), or nothing
 * ({@link #open()}: a Kafka message parsed as JSON may have any field). Conditions and field
 * options downstream of a known set are checked against it, so that {@code levle == "error"}
 * fails at startup instead of silently matching nothing. Immutable.
 */
public final class FieldSet {

  private static final FieldSet OPEN = new FieldSet(null, Map.of());

  /** Top-level fields, or null when unknown. */
  private final Set<String> names;
  /** String fields that hold JSON text with known fields (what parse_json would produce). */
  private final Map<String, FieldSet> jsonFields;

  private FieldSet(Set<String> names, Map<String, FieldSet> jsonFields) {
    this.names = names;
    this.jsonFields = jsonFields;
  }

  /** @return a set that allows any field */
  public static FieldSet open() {
    return OPEN;
  }

  /** @return a set of exactly these top-level fields */
  public static FieldSet of(Collection<String> names) {
    return new FieldSet(new TreeSet<>(names), Map.of());
  }

  /** @return a set of exactly these top-level fields */
  public static FieldSet of(String... names) {
    return of(List.of(names));
  }

  /** @return whether any field may be present */
  public boolean isOpen() {
    return names == null;
  }

  /** @return the known top-level fields, sorted (empty when open) */
  public Set<String> names() {
    return names == null ? Set.of() : Set.copyOf(names);
  }

  /** @return this set, noting that string field {@code field} holds JSON text with {@code contents} */
  public FieldSet withJson(String field, FieldSet contents) {
    Map<String, FieldSet> json = new LinkedHashMap<>(jsonFields);
    json.put(field, contents);
    return new FieldSet(names, Map.copyOf(json));
  }

  /** @return the fields of the JSON text in {@code field}, if known */
  public Optional<FieldSet> jsonIn(String field) {
    return Optional.ofNullable(jsonFields.get(field));
  }

  /** @return whether events may have the field or dotted path ({@code http.status}: {@code http}) */
  public boolean mayHave(String path) {
    if (names == null || names.contains(path)) {
      return true;
    }
    int dot = path.indexOf('.');
    return dot > 0 && names.contains(path.substring(0, dot));
  }

  /** @return this set plus {@code field} */
  public FieldSet plus(String field) {
    if (names == null) {
      return this;
    }
    TreeSet<String> copy = new TreeSet<>(names);
    copy.add(field);
    return new FieldSet(copy, jsonFields);
  }

  /** @return this set without {@code field} */
  public FieldSet minus(String field) {
    if (names == null) {
      return this;
    }
    TreeSet<String> copy = new TreeSet<>(names);
    copy.remove(field);
    Map<String, FieldSet> json = new LinkedHashMap<>(jsonFields);
    json.remove(field);
    return new FieldSet(copy, Map.copyOf(json));
  }

  /** @return the fields either set may have (what a merge of two inputs produces) */
  public FieldSet union(FieldSet other) {
    if (names == null || other.names == null) {
      return OPEN;
    }
    TreeSet<String> all = new TreeSet<>(names);
    all.addAll(other.names);
    Map<String, FieldSet> json = new LinkedHashMap<>(jsonFields);
    other.jsonFields.forEach((k, v) -> json.merge(k, v, FieldSet::union));
    return new FieldSet(all, Map.copyOf(json));
  }

  /** Adds an error at {@code path} for every field in {@code fields} that events here cannot have. */
  public void check(ConfigErrors errors, String path, Collection<String> fields) {
    for (String field : fields) {
      if (!mayHave(field)) {
        errors.add(path, unknownField(field));
      }
    }
  }

  /** @return {@code unknown field 'x'}, with the closest known field or else the known fields */
  public String unknownField(String field) {
    Optional<String> closest = Suggestions.closest(field, names());
    if (closest.isPresent()) {
      return "unknown field '" + field + "' (did you mean '" + closest.get() + "'?)";
    }
    return "unknown field '" + field + "' (fields here: " + String.join(", ", new TreeSet<>(names())) + ")";
  }

  @Override
  public String toString() {
    return names == null ? "FieldSet(any)" : "FieldSet" + names;
  }
}
