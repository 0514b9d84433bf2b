package io.marketwire.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RPC server's inventory check: {@code {"product":"laptop","quantity":2}} in,
 * {@code {"product":"laptop","requested":2,"in_stock":17,"available":true}} out. An unknown
 * product or a request that cannot be read gets an answer with an {@code error}, never silence:
 * a client waiting on an RPC should not have to time out to learn its request was bad.
 */
public final class InventoryService {

  private final ObjectMapper mapper = new ObjectMapper();
  private final Map<String, Integer> stock = new ConcurrentHashMap<>(Map.of(
      "keyboard", 40, "monitor", 12, "laptop", 17, "mouse", 120, "headset", 0, "dock", 8));

  public String check(String request) {
    ObjectNode reply = mapper.createObjectNode();
    try {
      JsonNode node = mapper.readTree(request);
      String product = node.path("product").asText("");
      int quantity = node.path("quantity").asInt(1);
      reply.put("product", product);
      reply.put("requested", quantity);
      Integer inStock = stock.get(product);
      if (inStock == null) {
        reply.put("error", "unknown product '" + product + "'");
        reply.put("available", false);
      } else {
        reply.put("in_stock", inStock);
        reply.put("available", inStock >= quantity);
      }
    } catch (Exception e) {
      reply.put("error", "cannot read request: " + e.getMessage());
      reply.put("available", false);
    }
    return reply.toString();
  }
}
