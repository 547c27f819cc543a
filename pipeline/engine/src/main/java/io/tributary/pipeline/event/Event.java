package io.tributary.pipeline.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One event in a pipeline: an immutable, ordered map of named fields whose values are JSON values
 * ({@code String}, {@code Long}/{@code Double} and other {@code Number}s, {@code Boolean}, {@code
 * null}, {@code List} and {@code Map}). Transforms derive new events with {@link #with}, {@link
 * #without} and {@link #renamed}; an event can be shared by several branches and threads because
 * it never changes.
 *
 * <p>Field paths: {@link #get(String)} takes a field name, or a dotted path into nested objects
 * ({@code http.status}); a top-level field whose name contains the dot wins.
 */
public final class Event {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, Object> fields;

  private Event(Map<String, Object> fields) {
    this.fields = Collections.unmodifiableMap(fields);
  }

  /** @return an event with a copy of {@code fields} (nested maps and lists are copied too) */
  public static Event of(Map<String, ?> fields) {
    Objects.requireNonNull(fields, "fields");
    Map<String, Object> copy = new LinkedHashMap<>();
    fields.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "field name"), normalize(v)));
    return new Event(copy);
  }

  /** @return an event without fields */
  public static Event empty() {
    return new Event(new LinkedHashMap<>());
  }

  /**
   * Parses a JSON object into an event.
   *
   * @throws IllegalArgumentException when {@code json} is not valid JSON or not a JSON object
   */
  public static Event fromJson(String json) {
    Object value = parseJson(json);
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("expected a JSON object, got " + describe(value));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> fields = (Map<String, Object>) map;
    return new Event(fields);
  }

  /**
   * Parses any JSON value into the event value model (maps, lists, strings, numbers, booleans,
   * null).
   *
   * @throws IllegalArgumentException when {@code json} is not valid JSON (the message says where)
   */
  public static Object parseJson(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException("invalid JSON: empty input");
    }
    return fromNode(node);
  }

  private static Object fromNode(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          map.put(e.getKey(), fromNode(e.getValue()));
        }
        return Collections.unmodifiableMap(map);
      }
      case ARRAY: {
        List<Object> list = new ArrayList<>(node.size());
        node.forEach(n -> list.add(fromNode(n)));
        return Collections.unmodifiableList(list);
      }
      case STRING:
        return node.textValue();
      case BOOLEAN:
        return node.booleanValue();
      case NUMBER:
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          return node.longValue();
        }
        return node.isIntegralNumber() ? node.bigIntegerValue() : (Object) node.doubleValue();
      default:
        return null;
    }
  }

  /** Copies nested maps and lists, widens int/short/byte to long and float to double. */
  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), normalize(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(normalize(v)));
      return Collections.unmodifiableList(copy);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float f) {
      return f.doubleValue();
    }
    if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return value.toString();
  }

  /** @return the fields, in insertion order (unmodifiable) */
  public Map<String, Object> fields() {
    return fields;
  }

  /** @return whether the field or dotted path is present (its value may be {@code null}) */
  public boolean has(String path) {
    if (fields.containsKey(path)) {
      return true;
    }
    return lookup(path) != MISSING;
  }

  /** @return the value of the field or dotted path, or {@code null} when absent */
  public Object get(String path) {
    Object value = fields.get(path);
    if (value != null || fields.containsKey(path)) {
      return value;
    }
    Object nested = lookup(path);
    return nested == MISSING ? null : nested;
  }

  private static final Object MISSING = new Object();

  private Object lookup(String path) {
    int dot = path.indexOf('.');
    if (dot < 0) {
      return MISSING;
    }
    Object current = fields;
    for (String segment : path.split("\\.", -1)) {
      if (!(current instanceof Map<?, ?> map) || !map.containsKey(segment)) {
        return MISSING;
      }
      current = map.get(segment);
    }
    return current;
  }

  /** @return an event with {@code field} set to {@code value} (added at the end when new) */
  public Event with(String field, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    copy.put(Objects.requireNonNull(field, "field"), normalize(value));
    return new Event(copy);
  }

  /** @return an event with every field of {@code other} set over this event's fields */
  public Event withAll(Map<String, ?> other) {
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    other.forEach((k, v) -> copy.put(k, normalize(v)));
    return new Event(copy);
  }

  /** @return an event without {@code field} (this event when it has no such field) */
  public Event without(String field) {
    if (!fields.containsKey(field)) {
      return this;
    }
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    copy.remove(field);
    return new Event(copy);
  }

  /**
   * @return an event whose field {@code from} is called {@code to} (replacing any field {@code
   *     to}); this event when it has no field {@code from}
   */
  public Event renamed(String from, String to) {
    if (!fields.containsKey(from) || from.equals(to)) {
      return this;
    }
    Map<String, Object> copy = new LinkedHashMap<>(fields);
    Object value = copy.remove(from);
    copy.put(to, value);
    return new Event(copy);
  }

  /** @return the event as one line of JSON */
  public String toJson() {
    try {
      return MAPPER.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write event as JSON: " + e.getMessage(), e);
    }
  }

  /** @return a JSON value as text ({@code "a"} stays {@code a}; maps and lists become JSON) */
  public static String text(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      try {
        return MAPPER.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        return value.toString();
      }
    }
    return value.toString();
  }

  /** @return a short description of a value's JSON type, for error messages */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Map<?, ?>) {
      return "an object";
    }
    if (value instanceof List<?>) {
      return "an array";
    }
    if (value instanceof String) {
      return "a string";
    }
    if (value instanceof Boolean) {
      return "a boolean";
    }
    return "a number";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
