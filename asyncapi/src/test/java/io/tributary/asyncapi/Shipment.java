package io.tributary.asyncapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * A payload of the document tests: a nested record, an enum, an Optional field and a Jackson name.
 *
 * @param id the shipment id
 * @param address where it goes (nested record)
 * @param priority how urgent (enum)
 * @param note a free text, not required (Optional)
 * @param sentAt when it was sent, named {@code sent_at} in JSON
 * @param items what is in it
 */
public record Shipment(String id, Address address, Priority priority, Optional<String> note,
    @JsonProperty("sent_at") long sentAt, List<Item> items) {

  /**
   * Where a shipment goes.
   *
   * @param street the street
   * @param city the city
   */
  public record Address(String street, String city) {}

  /**
   * One item.
   *
   * @param sku the article
   * @param quantity how many
   */
  public record Item(String sku, int quantity) {}

  /** How urgent a shipment is. */
  public enum Priority { LOW, NORMAL, @JsonProperty("express") EXPRESS }
}
