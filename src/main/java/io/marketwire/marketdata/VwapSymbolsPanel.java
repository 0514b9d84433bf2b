package io.marketwire.marketdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.dashboard.DashboardPanel;
import io.marketwire.dashboard.PanelSources;
import io.marketwire.web.RouteCompanion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's {@code symbols}: per symbol the ticks of all days, and of its latest day the last
 * price, day VWAP and volume (the VWAP batcher's day book), with its latest batch VWAP (the Redis
 * hash the batcher writes). Empty when the VWAP flow does not run in this process.
 */
final class VwapSymbolsPanel implements DashboardPanel {

  /** The VWAP route's policy (routes/market-data/vwap/): it is loaded when the flow runs here. */
  static final String VWAP_FLOW = "vwapFlow";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "symbols";
  }

  @Override
  public List<Map<String, Object>> read(PanelSources sources) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    VwapBatcher batcher = runningBatcher(sources);
    if (batcher == null) {
      return rows;
    }
    Map<String, Long> ticks = new TreeMap<>();
    batcher.book().all().values().forEach(stats -> ticks.merge(stats.symbol(), stats.count(), Long::sum));
    Map<String, String> latestBatch = sources.redis().hgetall(batcher.latestKey());
    for (Map.Entry<String, SymbolStatsSnapshot> e : latestDays(batcher).entrySet()) {
      SymbolStatsSnapshot day = e.getValue();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("symbol", e.getKey());
      row.put("ticks", ticks.get(e.getKey()));
      row.put("last", day.close());
      row.put("dayVwap", finite(day.vwap()));
      row.put("dayVolume", day.volume());
      String batch = latestBatch.get(e.getKey());
      if (batch != null) {
        JsonNode b = JSON.readTree(batch);
        row.put("batchVwap", b.path("vwap").isNumber() ? b.path("vwap").asDouble() : null);
        row.put("batchId", b.path("batch_id").asLong());
      }
      rows.add(row);
    }
    return rows;
  }

  /** The batcher, when the VWAP flow runs in this process; else null. */
  static VwapBatcher runningBatcher(PanelSources sources) {
    RouteCompanion flow = sources.bean(VWAP_FLOW, RouteCompanion.class);
    return flow != null && flow.loaded() ? sources.bean("vwapBatcher", VwapBatcher.class) : null;
  }

  /** Each symbol's statistics of its latest day, by symbol. */
  static Map<String, SymbolStatsSnapshot> latestDays(VwapBatcher batcher) throws Exception {
    Map<String, SymbolStatsSnapshot> latestDay = new TreeMap<>();
    // keys are yyyy-mm-dd/SYMBOL in day order, so the last one seen per symbol is its latest day
    batcher.book().all().values().forEach(stats -> latestDay.put(stats.symbol(), stats));
    return latestDay;
  }

  static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
