package io.tributary.cli.top;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /health/ready} answered: {@code {"status":"UP"|"DOWN","stopping":bool,"components":[...]}}.
 *
 * @param status {@code UP} (ready) or {@code DOWN}
 * @param stopping whether the process is in its graceful stop
 * @param components each component's health
 */
record Readiness(String status, boolean stopping, List<HealthEntry> components) {

  private static final ObjectMapper JSON = new ObjectMapper();

  Readiness {
    components = List.copyOf(components);
  }

  /**
   * Reads a body of {@code /health/ready}.
   *
   * @throws IllegalArgumentException when it is not JSON or has no {@code status}
   */
  static Readiness parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.path("status").isTextual()) {
      throw new IllegalArgumentException("no \"status\" in " + json);
    }
    List<HealthEntry> components = new ArrayList<>();
    for (JsonNode c : root.path("components")) {
      JsonNode details = c.path("details");
      components.add(new HealthEntry(c.path("component").asText(""), c.path("status").asText("-"),
          c.path("reason").asText(""), details.path("stuckLanes").asInt(0), lanes(details.path("stuck")),
          lanes(details.path("slow"))));
    }
    return new Readiness(root.path("status").asText(), root.path("stopping").asBoolean(false), components);
  }

  private static List<Lane> lanes(JsonNode list) {
    List<Lane> lanes = new ArrayList<>();
    for (JsonNode l : list) {
      String position = l.hasNonNull("source") && l.hasNonNull("partition") && l.hasNonNull("offset")
          ? l.get("source").asText() + "/" + l.get("partition").asText() + "@" + l.get("offset").asText()
          : "";
      lanes.add(new Lane(l.path("lane").asText("?"), position, l.path("state").asText(""),
          l.path("attempt").asInt(0), l.path("backlog").asInt(0),
          Duration.ofMillis(l.path("noProgressMs").asLong(0)), Duration.ofMillis(l.path("inFlightMs").asLong(0))));
    }
    return lanes;
  }
}
