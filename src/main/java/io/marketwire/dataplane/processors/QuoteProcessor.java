package io.marketwire.dataplane.processors;

import io.marketwire.dataplane.listener.MassiveConstants;
import org.apache.camel.Body;
import org.apache.camel.Header;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketwire.dataplane.cache.CacheUpdate;
import java.util.List;

/** Quotes ({@code Q}) to {@code quotes:SYM}: the latest quote with its spread and midpoint. Stateless. */
public final class QuoteProcessor {

  private final long ttlSeconds;

  public QuoteProcessor(long ttlSeconds) {
    this.ttlSeconds = ttlSeconds;
  }

  public List<CacheUpdate> process(@Body String raw, @Header(MassiveConstants.RECEIVED_AT) Long receivedAt) {
    JsonNode quote = Json.read(raw);
    String symbol = Json.symbol(quote);
    double bid = quote.path("bp").asDouble();
    double ask = quote.path("ap").asDouble();
    ObjectNode out = Json.object();
    out.put("type", "quote").put("sym", symbol)
        .put("bp", bid).put("bs", quote.path("bs").asLong())
        .put("ap", ask).put("as", quote.path("as").asLong())
        .put("spread", Json.price(ask - bid)).put("mid", Json.price((ask + bid) / 2))
        .put("t", quote.path("t").asLong()).put("q", quote.path("q").asLong());
    if (receivedAt != null) {
      out.put("rt", receivedAt);
    }
    return List.of(CacheUpdate.latest("quotes:" + symbol, out.toString(), ttlSeconds));
  }
}
