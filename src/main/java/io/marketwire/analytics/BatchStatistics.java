package io.marketwire.analytics;

import io.marketwire.model.MarketData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-symbol (or per day and symbol) statistics of one batch of ticks, from each tick's last trade (price and size).
 * Ticks without a trade (last price 0) are quotes only and are skipped.
 */
public final class BatchStatistics {

  private BatchStatistics() {}

  /** Symbols in the order they first appear in the batch. */
  public static Map<String, SymbolStatsSnapshot> bySymbol(List<MarketData> batch) {
    return grouped(batch, false);
  }

  /**
   * One entry per UTC day and symbol, keyed as {@link DayVwapBook#key} ({@code 2024-03-04/AZO}), in
   * the order they first appear: a
   * batch that spans midnight (or a weekend) gives each day its own statistics, so a day's
   * figures never mix with the next day's.
   */
  public static Map<String, SymbolStatsSnapshot> byDayAndSymbol(List<MarketData> batch) {
    return grouped(batch, true);
  }

  private static Map<String, SymbolStatsSnapshot> grouped(List<MarketData> batch, boolean byDay) {
    Map<String, SymbolStats> stats = new LinkedHashMap<>();
    for (MarketData tick : batch) {
      if (tick.lastPrice() <= 0) {
        continue;
      }
      String key = byDay ? DayVwapBook.key(DayVwapBook.dayOf(tick.timestampNanos()), tick.symbol()) : tick.symbol();
      stats
          .computeIfAbsent(key, k -> new SymbolStats(tick.symbol()))
          .add(tick.lastPrice(), tick.lastSize(), tick.timestampNanos());
    }
    Map<String, SymbolStatsSnapshot> result = new LinkedHashMap<>();
    stats.forEach((key, s) -> result.put(key, s.snapshot()));
    return result;
  }
}
