package io.marketwire.marketdata;

import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.dashboard.DashboardPanel;
import io.marketwire.dashboard.PanelSources;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dashboard's {@code trend}: per symbol its last price and day VWAP (of its latest day, from
 * the VWAP batcher's day book) over the last {@code window} of wall-clock time, one point {@code
 * [time, price, vwap]} per change. Kept here, from one snapshot to the next, so the trend already
 * covers the last minutes when someone opens the page.
 */
final class PriceTrendPanel implements DashboardPanel {

  private final Duration window;
  private final Map<String, Deque<double[]>> trend = new TreeMap<>();

  PriceTrendPanel(Duration window) {
    this.window = window;
  }

  @Override
  public String name() {
    return "trend";
  }

  @Override
  public Map<String, List<Object[]>> read(PanelSources sources) throws Exception {
    VwapBatcher batcher = VwapSymbolsPanel.runningBatcher(sources);
    if (batcher != null) {
      for (Map.Entry<String, SymbolStatsSnapshot> e : VwapSymbolsPanel.latestDays(batcher).entrySet()) {
        record(e.getKey(), sources.time(), e.getValue().close(), e.getValue().vwap());
      }
    }
    Map<String, List<Object[]>> out = new TreeMap<>();
    trend.forEach(
        (symbol, points) -> {
          List<Object[]> list = new ArrayList<>(points.size());
          for (double[] p : points) {
            list.add(new Object[] {(long) p[0], p[1], VwapSymbolsPanel.finite(p[2])});
          }
          out.put(symbol, list);
        });
    return out;
  }

  /** Adds a point to a symbol's trend when its price or VWAP moved, and drops old points. */
  private void record(String symbol, long now, double price, double vwap) {
    Deque<double[]> points = trend.computeIfAbsent(symbol, s -> new ArrayDeque<>());
    double v = Double.isFinite(vwap) ? vwap : Double.NaN;
    double[] last = points.peekLast();
    if (last == null || last[1] != price || Double.compare(last[2], v) != 0) {
      points.addLast(new double[] {now, price, v});
    }
    long oldest = now - window.toMillis();
    while (!points.isEmpty() && points.peekFirst()[0] < oldest) {
      points.removeFirst();
    }
  }
}
