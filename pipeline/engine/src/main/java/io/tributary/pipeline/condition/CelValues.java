package io.tributary.pipeline.condition;

import dev.cel.common.values.NullValue;
import java.math.BigInteger;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Presents an event's values to the CEL runtime: {@code null} becomes CEL's {@code null}, integers
 * are {@code int} ({@code long}), a {@code BigInteger} beyond {@code long} and other numbers are
 * {@code double}. Objects and arrays are wrapped in read-only views that convert their elements
 * when read, so evaluating a condition copies nothing it does not look at.
 */
final class CelValues {

  private CelValues() {}

  /** @return {@code value} as the CEL runtime takes it */
  static Object of(Object value) {
    if (value == null) {
      return NullValue.NULL_VALUE;
    }
    if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return new MapView(map);
    }
    if (value instanceof List<?> list) {
      return new ListView(list);
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    return value.toString();
  }

  /** A JSON object: string keys, values converted on read. */
  private static final class MapView extends AbstractMap<Object, Object> {
    private final Map<?, ?> map;

    MapView(Map<?, ?> map) {
      this.map = map;
    }

    /** An absent key reads as null, as a missing top-level field does; {@code has()} tells them apart. */
    @Override
    public Object get(Object key) {
      return of(map.get(key));
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }

    @Override
    public Set<Entry<Object, Object>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<Object, Object>> iterator() {
          Iterator<? extends Entry<?, ?>> entries = map.entrySet().iterator();
          return new Iterator<>() {
            @Override
            public boolean hasNext() {
              return entries.hasNext();
            }

            @Override
            public Entry<Object, Object> next() {
              Entry<?, ?> e = entries.next();
              return new SimpleImmutableEntry<>(e.getKey(), of(e.getValue()));
            }
          };
        }

        @Override
        public int size() {
          return map.size();
        }
      };
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
