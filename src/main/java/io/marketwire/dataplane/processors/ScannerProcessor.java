package io.marketwire.dataplane.processors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketwire.dataplane.cache.CacheUpdate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scanner, fed by minute aggregates ({@code AM}): per symbol the change from the session's
 * open ({@code op}) to the last close and the session volume ({@code av}); it publishes {@code
 * scanner:gainers}, {@code scanner:losers} and {@code scanner:active} (top N each) when a list
 * changes.
 */
public final class ScannerProcessor {

  record Row(String symbol, double open, double last, long volume, long time) {
    double changePercent() {
      return open == 0 ? 0 : (last - open) / open * 100;
    }
  }

  private final Map<String, Row> rows = new ConcurrentHashMap<>();
  private final Map<String, String> lastPublished = new ConcurrentHashMap<>();
  private final int top;
  private final long ttlSeconds;

  public ScannerProcessor(int top, long ttlSeconds) {
    this.top = top;
    this.ttlSeconds = ttlSeconds;
  }

  public synchronized List<CacheUpdate> process(String raw, Long receivedAt) {
    JsonNode bar = Json.read(raw);
    update(bar);
    List<CacheUpdate> updates = new ArrayList<>(3);
    List<Row> all = new ArrayList<>(rows.values());
    Comparator<Row> byChange = Comparator.comparingDouble(Row::changePercent);
    publishIfChanged("gainers", all, byChange.reversed(), updates);
    publishIfChanged("losers", all, byChange, updates);
    publishIfChanged("active", all, Comparator.comparingLong(Row::volume).reversed(), updates);
    return updates;
  }

  private void update(JsonNode bar) {
    String symbol = Json.symbol(bar);
    long time = bar.path("e").asLong(bar.path("s").asLong());
    Row previous = rows.get(symbol);
    if (previous != null && Json.day(previous.time()) != Json.day(time)) {
      previous = null; // a new session
    }
    double open = bar.path("op").asDouble(previous == null ? bar.path("o").asDouble() : previous.open());
    rows.put(symbol, new Row(symbol, open, bar.path("c").asDouble(), bar.path("av").asLong(), time));
  }

  private void publishIfChanged(String list, List<Row> all, Comparator<Row> order, List<CacheUpdate> out) {
    ArrayNode items = Json.MAPPER.createArrayNode();
    all.stream()
        .sorted(order.thenComparing(Row::symbol))
        .limit(top)
        .forEach(
            r ->
                items.addObject().put("sym", r.symbol()).put("last", r.last()).put("open", r.open())
                    .put("changePercent", Math.round(r.changePercent() * 1000) / 1000.0)
                    .put("volume", r.volume()));
    String key = items.toString();
    if (!key.equals(lastPublished.put(list, key))) {
      ObjectNode value = Json.object().put("type", "scanner").put("list", list);
      value.set("items", items);
      out.add(CacheUpdate.latest("scanner:" + list, value.toString(), ttlSeconds));
    }
  }

  /** Restores the rows from the cached latest bars ({@code bars:*}). */
  public synchronized void hydrate(Map<String, String> latestBars) {
    latestBars.values().forEach(json -> update(Json.read(json)));
  }

  public int symbols() {
    return rows.size();
  }
}
