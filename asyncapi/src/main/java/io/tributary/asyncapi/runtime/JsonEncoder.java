package io.tributary.asyncapi.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Type;

/** {@link PayloadEncoder#json}: the writing side of {@code ValidatingDecoder}'s mapper. */
final class JsonEncoder<T> implements PayloadEncoder<T> {

  /** Records, Optional and java.time, as the validating decoder reads them; absent rather than null. */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new Jdk8Module())
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .serializationInclusion(JsonInclude.Include.NON_ABSENT)
      .build();

  private final Type type;

  JsonEncoder(Type type) {
    this.type = type;
  }

  @Override
  public byte[] encode(T payload) {
    try {
      return MAPPER.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write the " + type.getTypeName() + " payload as JSON: "
          + e.getOriginalMessage(), e);
    }
  }

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public Type type() {
    return type;
  }

  @Override
  public String toString() {
    return "PayloadEncoder.json(" + type.getTypeName() + ")";
  }
}
