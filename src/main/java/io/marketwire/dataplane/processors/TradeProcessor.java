package io.marketwire.dataplane.processors;

import io.marketwire.dataplane.listener.MassiveConstants;
import org.apache.camel.Body;
import org.apache.camel.Header;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketwire.dataplane.cache.CacheUpdate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Trades ({@code T}) to {@code trades:SYM}: the last trade, the session's cumulative volume and
 * its VWAP. A session is a UTC day of the trade time; the state survives a restart through {@link
 * #hydrate}. On a partitioned MDQ a symbol's session is trusted only while the same broker consumer
 * delivers its trades: when another one does (its partition came to this MDP, or back to it), the
 * session is loaded again from the MDC, where the previous owner left it.
 */
public final class TradeProcessor {

  private static final class Session {
    long day;
    long volume;
    double notional;
    long trades;
    /** The broker consumer the session was last updated through; null off a partitioned MDQ. */
    String consumer;
  }

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final long ttlSeconds;
  private final Function<String, String> cachedTrade;

  public TradeProcessor(long ttlSeconds) {
    this(ttlSeconds, symbol -> null);
  }

  /** @param cachedTrade a symbol's latest trade in the MDC ({@code trades:SYM}), or null */
  public TradeProcessor(long ttlSeconds, Function<String, String> cachedTrade) {
    this.ttlSeconds = ttlSeconds;
    this.cachedTrade = cachedTrade;
  }

  /** @param consumer the broker consumer the trade came through ({@link MdqPartitions#CONSUMER_HEADER}) */
  public List<CacheUpdate> process(
      @Body String raw, @Header(MassiveConstants.RECEIVED_AT) Long receivedAt, @Header(MdqPartitions.CONSUMER_HEADER) String consumer) {
    JsonNode trade = Json.read(raw);
    String symbol = Json.symbol(trade);
    double price = trade.path("p").asDouble();
    long size = trade.path("s").asLong();
    long time = trade.path("t").asLong();
    Session session = sessions.computeIfAbsent(symbol, s -> new Session());
    ObjectNode out = Json.object();
    synchronized (session) {
      if (consumer != null && !consumer.equals(session.consumer)) {
        String cached = cachedTrade.apply(symbol);
        restore(session, cached == null ? null : Json.read(cached));
        session.consumer = consumer;
      }
      long day = Json.day(time);
      if (day != session.day) {
        session.day = day;
        session.volume = 0;
        session.notional = 0;
        session.trades = 0;
      }
      session.volume += size;
      session.notional += price * size;
      session.trades++;
      out.put("type", "trade").put("sym", symbol).put("p", price).put("s", size).put("t", time)
          .put("q", trade.path("q").asLong()).put("x", trade.path("x").asInt())
          .put("volume", session.volume).put("notional", session.notional)
          .put("vwap", Json.price(session.notional / session.volume)).put("trades", session.trades);
    }
    if (receivedAt != null) {
      out.put("rt", receivedAt);
    }
    return List.of(CacheUpdate.latest("trades:" + symbol, out.toString(), ttlSeconds));
  }

  /** Restores the sessions from the cached latest trades ({@code trades:*}). */
  public void hydrate(Map<String, String> latestTrades) {
    latestTrades.forEach(
        (channel, json) -> {
          JsonNode t = Json.read(json);
          Session session = new Session();
          restore(session, t);
          sessions.putIfAbsent(Json.symbol(t), session);
        });
  }

  /** The session as a cached latest trade holds it; an empty one when there is none. */
  private static void restore(Session session, JsonNode cached) {
    session.day = cached == null ? 0 : Json.day(cached.path("t").asLong());
    session.volume = cached == null ? 0 : cached.path("volume").asLong();
    session.notional = cached == null ? 0 : cached.path("notional").asDouble();
    session.trades = cached == null ? 0 : cached.path("trades").asLong();
  }

  /** The session volume so far, 0 when unknown. */
  public long volume(String symbol) {
    Session s = sessions.get(symbol);
    return s == null ? 0 : s.volume;
  }

  public int symbols() {
    return sessions.size();
  }
}
