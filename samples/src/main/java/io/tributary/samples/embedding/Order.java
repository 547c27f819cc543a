package io.tributary.samples.embedding;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * An order as the order service receives it from Kafka, as JSON; its schema is part of the service's
 * AsyncAPI document ({@link OrderServiceApi}), so a change here shows up in review as a change of
 * {@code samples/asyncapi/order-service.yaml}.
 *
 * @param id the order's id
 * @param customer who placed it
 * @param lines what was ordered, at least one line
 * @param total the sum of the lines
 * @param placedAt when it was placed, {@code placed_at} in JSON (ISO-8601)
 */
public record Order(String id, String customer, List<OrderLine> lines, BigDecimal total,
    @JsonProperty("placed_at") Instant placedAt) {}
