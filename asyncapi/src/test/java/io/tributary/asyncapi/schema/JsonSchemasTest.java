package io.tributary.asyncapi.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

  enum Status { @JsonProperty("on") ON, @JsonProperty("off") OFF }

  record Address(String street, Optional<String> zip) {}

  record Order(long id, @JsonProperty("sent_at") Instant sentAt, Status status, List<Address> addresses,
      Address billing, Optional<String> note, double total) {}

  @Test
  void print() {
    ObjectNode schema = JsonSchemas.draft07(Order.class);
    System.out.println(schema.toPrettyString());
    assertThat(schema).isNotNull();
  }
}
