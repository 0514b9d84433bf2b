package io.marketwire.dataplane.processors;

import io.marketwire.dataplane.listener.MassiveConstants;
import org.apache.camel.Body;
import org.apache.camel.Header;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketwire.dataplane.cache.CacheUpdate;
import java.util.List;

/**
 * Aggregates to bars: second aggregates ({@code A}) to {@code aggregates:SYM} (latest only),
 * minute aggregates ({@code AM}) to {@code bars:SYM} with a bounded history of recent bars.
 */
public final class AggregateProcessor {

  private final long ttlSeconds;
  private final int barHistory;

  public AggregateProcessor(long ttlSeconds, int barHistory) {
    this.ttlSeconds = ttlSeconds;
    this.barHistory = barHistory;
  }

  public List<CacheUpdate> process(@Body String raw, @Header(MassiveConstants.RECEIVED_AT) Long receivedAt) {
    JsonNode agg = Json.read(raw);
    String symbol = Json.symbol(agg);
    String ev = agg.path("ev").asText();
    ObjectNode bar = Json.object();
    bar.put("type", ev.equals("AM") ? "bar" : "aggregate").put("sym", symbol)
        .put("o", agg.path("o").asDouble()).put("h", agg.path("h").asDouble())
        .put("l", agg.path("l").asDouble()).put("c", agg.path("c").asDouble())
        .put("v", agg.path("v").asLong()).put("vw", agg.path("vw").asDouble())
        .put("av", agg.path("av").asLong()).put("op", agg.path("op").asDouble())
        .put("a", agg.path("a").asDouble())
        .put("s", agg.path("s").asLong()).put("e", agg.path("e").asLong());
    if (receivedAt != null) {
      bar.put("rt", receivedAt);
    }
    if (ev.equals("AM")) {
      return List.of(new CacheUpdate("bars:" + symbol, bar.toString(), ttlSeconds, barHistory));
    }
    return List.of(CacheUpdate.latest("aggregates:" + symbol, bar.toString(), ttlSeconds));
  }
}
