package io.marketwire.quotes;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.marketwire.dashboard.DashboardPanel;
import io.marketwire.dashboard.PanelSources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's {@code redis}: the quotes flows' data in Redis, read directly so it shows
 * whether those flows run in this process or another: the latest quote per symbol (of the last
 * 200 entries) and the 10 latest alerts from their streams, pending entries and lag per consumer
 * group, and the indicators {@link TechnicalAnalysis} holds in this process.
 */
final class QuotesPanel implements DashboardPanel {

  private final String quotesStream;
  private final String alertsStream;
  private final TechnicalAnalysis technical;

  QuotesPanel(String quotesStream, String alertsStream, TechnicalAnalysis technical) {
    this.quotesStream = quotesStream;
    this.alertsStream = alertsStream;
    this.technical = technical;
  }

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Map<String, Object> read(PanelSources sources) {
    RedisCommands<String, String> r = sources.redis();
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Map<String, String>> quotes = new TreeMap<>();
    for (StreamMessage<String, String> m : r.xrevrange(quotesStream, Range.create("-", "+"), Limit.from(200))) {
      String symbol = m.getBody().get("symbol");
      if (symbol != null && !quotes.containsKey(symbol)) {
        quotes.put(symbol, withId(m));
      }
    }
    out.put("quotes", quotes);
    out.put("quotesLength", r.xlen(quotesStream));
    List<Map<String, String>> alerts = new ArrayList<>();
    for (StreamMessage<String, String> m : r.xrevrange(alertsStream, Range.create("-", "+"), Limit.from(10))) {
      alerts.add(withId(m));
    }
    out.put("alerts", alerts);
    out.put("groups", r.exists(quotesStream) == 0 ? List.of() : groups(r.xinfoGroups(quotesStream)));
    Map<String, Object> indicators = new TreeMap<>();
    for (String symbol : quotes.keySet()) {
      Map<String, Object> values = technical.latest(symbol);
      if (values != null) {
        indicators.put(symbol, values);
      }
    }
    out.put("indicators", indicators);
    return out;
  }

  private static Map<String, String> withId(StreamMessage<String, String> m) {
    Map<String, String> fields = new LinkedHashMap<>(m.getBody());
    fields.put("id", m.getId());
    return fields;
  }

  /** XINFO GROUPS, RESP2 (flat lists) or RESP3 (maps), to name, pending, lag, consumers. */
  private static List<Map<String, Object>> groups(List<Object> reply) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object group : reply) {
      Map<String, Object> fields = new LinkedHashMap<>();
      if (group instanceof Map<?, ?> map) {
        map.forEach((k, v) -> fields.put(String.valueOf(k), v));
      } else if (group instanceof List<?> list) {
        for (int i = 0; i + 1 < list.size(); i += 2) {
          fields.put(String.valueOf(list.get(i)), list.get(i + 1));
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", String.valueOf(fields.get("name")));
      row.put("pending", fields.get("pending"));
      row.put("lag", fields.get("lag"));
      row.put("consumers", fields.get("consumers"));
      out.add(row);
    }
    return out;
  }
}
