package io.marketwire.orders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders to and from JSON. Parsing validates and says exactly what is wrong, because the reason
 * travels with a malformed order into {@code orders.failed} where a person reads it.
 */
public final class OrderJson {

  static final List<String> REQUIRED = List.of("id", "customer", "product", "quantity", "price", "region");

  // prices are money: keep the decimals as written (19.90 stays 19.90, no binary double)
  private final ObjectMapper mapper =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

  public String write(Order order) {
    try {
      return mapper.writeValueAsString(order);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write order " + order.id(), e);
    }
  }

  public Order parse(byte[] body) {
    return parse(body == null ? null : new String(body, StandardCharsets.UTF_8));
  }

  /** The order, or {@link MalformedOrderException} with every problem found, in one message. */
  public Order parse(String json) {
    if (json == null || json.isBlank()) {
      throw new MalformedOrderException("empty body");
    }
    JsonNode node;
    try {
      node = mapper.readTree(json);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
      throw new MalformedOrderException("invalid JSON" + where + ": " + e.getOriginalMessage());
    }
    if (!node.isObject()) {
      throw new MalformedOrderException("expected a JSON object, got " + node.getNodeType().name().toLowerCase());
    }
    List<String> problems = new ArrayList<>();
    for (String field : REQUIRED) {
      if (!node.hasNonNull(field) || (node.get(field).isTextual() && node.get(field).asText().isBlank())) {
        problems.add("missing field '" + field + "'");
      }
    }
    JsonNode quantity = node.get("quantity");
    if (quantity != null && !quantity.isNull()) {
      if (!quantity.canConvertToInt() || !quantity.isIntegralNumber()) {
        problems.add("quantity must be a whole number, was " + quantity);
      } else if (quantity.asInt() <= 0) {
        problems.add("quantity must be positive, was " + quantity.asInt());
      }
    }
    JsonNode price = node.get("price");
    if (price != null && !price.isNull()) {
      if (!price.isNumber()) {
        problems.add("price must be a number, was " + price);
      } else if (price.decimalValue().signum() < 0) {
        problems.add("price must not be negative, was " + price.decimalValue());
      }
    }
    if (!problems.isEmpty()) {
      throw new MalformedOrderException(String.join("; ", problems));
    }
    return new Order(
        node.get("id").asText(),
        node.get("customer").asText(),
        node.get("product").asText(),
        quantity.asInt(),
        price.decimalValue(),
        node.get("region").asText(),
        node.hasNonNull("priority") ? node.get("priority").asText() : "normal");
  }
}
