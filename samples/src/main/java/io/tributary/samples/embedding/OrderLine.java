package io.tributary.samples.embedding;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;

/**
 * One line of an {@link Order}.
 *
 * @param sku the article
 * @param quantity how many
 * @param unitPrice the price of one, {@code unit_price} in JSON
 */
public record OrderLine(String sku, int quantity, @JsonProperty("unit_price") BigDecimal unitPrice) {}
