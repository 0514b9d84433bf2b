package io.marketwire.dataplane.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one Jackson mapper of the processors, and helpers to read events. */
final class Json {

  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static JsonNode read(String raw) {
    try {
      return MAPPER.readTree(raw);
    } catch (Exception e) {
      throw new IllegalArgumentException("not a JSON event: " + e.getMessage(), e);
    }
  }

  static String symbol(JsonNode event) {
    String symbol = event.path("sym").asText("");
    if (symbol.isEmpty()) {
      throw new IllegalArgumentException("event without sym: " + event);
    }
    return symbol;
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Rounded to 1/10000, the precision prices are quoted in. */
  static double price(double value) {
    return Math.round(value * 10_000d) / 10_000d;
  }

  static long day(long epochMillis) {
    return Math.floorDiv(epochMillis, 86_400_000L);
  }
}
