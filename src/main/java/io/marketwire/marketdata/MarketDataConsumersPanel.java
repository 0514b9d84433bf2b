package io.marketwire.marketdata;

import io.marketwire.dashboard.DashboardPanel;
import io.marketwire.dashboard.PanelSources;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard's {@code consumers}: per stream consumer its count, rate, last offset and top
 * symbols ({@link ConsumerActivity}) and its lag ({@link ConsumerLagMonitor}, measured on its own
 * schedule).
 */
final class MarketDataConsumersPanel implements DashboardPanel {

  @Override
  public String name() {
    return "consumers";
  }

  @Override
  public Map<String, Map<String, Object>> read(PanelSources sources) {
    ConsumerActivity activity = sources.bean("consumerActivity", ConsumerActivity.class);
    ConsumerLagMonitor lagMonitor = sources.bean("consumerLag", ConsumerLagMonitor.class);
    Map<String, Map<String, Object>> rows = activity == null ? new LinkedHashMap<>() : activity.snapshot();
    Map<String, Long> lags = lagMonitor == null ? Map.of() : lagMonitor.lags();
    rows.forEach((name, row) -> row.put("lag", lags.get(name)));
    return rows;
  }
}
