package io.tributary.streams.codec;

import java.lang.reflect.Type;
import java.util.Objects;
import java.util.Optional;

/** A decoder that knows its target type ({@link PayloadDecoder#withTargetType}). */
final class TypedDecoder<T> implements PayloadDecoder<T> {

  private final PayloadDecoder<T> delegate;
  private final Type type;

  TypedDecoder(PayloadDecoder<T> delegate, Type type) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.type = Objects.requireNonNull(type, "type");
  }

  @Override
  public T decode(byte[] bytes) throws Exception {
    return delegate.decode(bytes);
  }

  @Override
  public Optional<Type> targetType() {
    return Optional.of(type);
  }

  @Override
  public String toString() {
    return "PayloadDecoder(" + type.getTypeName() + ")";
  }
}
