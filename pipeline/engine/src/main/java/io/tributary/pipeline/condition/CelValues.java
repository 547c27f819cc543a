package io.tributary.pipeline.condition;

import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelValue;
import dev.cel.common.values.NullValue;
import dev.cel.common.values.SelectableValue;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Presents an event's values to the CEL runtime: {@code null} becomes CEL's {@code null}, integers
 * are {@code int} ({@code long}), a {@code BigInteger} beyond {@code long} and other numbers are
 * {@code double}. A JSON object is an {@link ObjectValue}, read field by field: CEL's planner copies
 * a plain {@code Map} whole each time a variable holding it is read, which made {@code
 * has(self.host)} cost as much as ten comparisons. An absent key reads as {@code null}, like a
 * missing top-level field; {@code has()} tells them apart.
 */
final class CelValues {

  private static final CelType OBJECT_TYPE = MapType.create(SimpleType.STRING, SimpleType.DYN);

  private CelValues() {}

  /** @return {@code value} as the CEL runtime takes it (objects read lazily) */
  static Object of(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return new ObjectValue(map);
    }
    if (value instanceof List<?> list) {
      return new ListView(list);
    }
    return number(value);
  }

  /** @return {@code value} converted throughout, objects as plain maps (for a whole object: {@code ==}, {@code in}) */
  static Object plain(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>(map.size() * 2);
      map.forEach((k, v) -> copy.put(k, plain(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(plain(v)));
      return copy;
    }
    return of(value);
  }

  private static Object number(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    return value.toString();
  }

  /** A JSON object whose fields are converted when selected; the whole of it only when needed. */
  static final class ObjectValue extends CelValue implements SelectableValue<String> {
    private final Map<?, ?> map;

    ObjectValue(Map<?, ?> map) {
      this.map = map;
    }

    @Override
    public Object select(String field) {
      return of(map.get(field));
    }

    @Override
    public Optional<Object> find(String field) {
      return map.containsKey(field) ? Optional.of(of(map.get(field))) : Optional.empty();
    }

    @Override
    public Object value() {
      return plain(map);
    }

    @Override
    public boolean isZeroValue() {
      return map.isEmpty();
    }

    @Override
    public CelType celType() {
      return OBJECT_TYPE;
    }
  }

  /** A JSON array, elements converted on read. */
  private static final class ListView extends AbstractList<Object> {
    private final List<?> list;

    ListView(List<?> list) {
      this.list = list;
    }

    @Override
    public Object get(int index) {
      return of(list.get(index));
    }

    @Override
    public int size() {
      return list.size();
    }
  }
}
