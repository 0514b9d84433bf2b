package io.marketwire.analytics;

import io.marketwire.model.MarketData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-symbol statistics of one batch of ticks, from each tick's last trade (price and size).
 * Ticks without a trade (last price 0) are quotes only and are skipped.
 */
public final class BatchStatistics {

  private BatchStatistics() {}

  /** Symbols in the order they first appear in the batch. */
  public static Map<String, SymbolStatsSnapshot> bySymbol(List<MarketData> batch) {
    Map<String, SymbolStats> stats = new LinkedHashMap<>();
    for (MarketData tick : batch) {
      if (tick.lastPrice() <= 0) {
        continue;
      }
      stats
          .computeIfAbsent(tick.symbol(), SymbolStats::new)
          .add(tick.lastPrice(), tick.lastSize(), tick.timestampNanos());
    }
    Map<String, SymbolStatsSnapshot> result = new LinkedHashMap<>();
    stats.forEach((symbol, s) -> result.put(symbol, s.snapshot()));
    return result;
  }
}
