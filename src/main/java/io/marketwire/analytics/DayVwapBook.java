package io.marketwire.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import io.marketwire.model.MarketData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running per-symbol statistics for each UTC trading day, fed batch by batch, that knows the
 * highest stream offset it has applied. A batch re-delivered after a crash (the consumer resumes
 * from its last stored offset, which may lie before ticks already applied) is applied only from
 * where the book left off, so the day VWAP comes out the same with or without the crash.
 */
public final class DayVwapBook {

  private final Map<String, SymbolStats> byDayAndSymbol = new TreeMap<>();
  private long lastAppliedOffset = -1;

  public long lastAppliedOffset() {
    return lastAppliedOffset;
  }

  /** True when a tick at this offset was not applied yet. */
  public boolean isNew(long offset) {
    return offset > lastAppliedOffset;
  }

  /**
   * Applies the trades of one batch's new ticks, each to its own UTC day (a batch can span
   * midnight or a weekend), as of {@code batchLastOffset}. Callers drop ticks at or below {@link
   * #lastAppliedOffset()} first.
   *
   * @return the statistics of each day and symbol the batch touched, after applying it, keyed
   *     like {@link #all()} ({@link #key})
   */
  public Map<String, SymbolStatsSnapshot> apply(List<MarketData> ticks, long batchLastOffset) {
    Map<String, SymbolStats> touched = new LinkedHashMap<>();
    for (MarketData tick : ticks) {
      if (tick.lastPrice() <= 0) {
        continue;
      }
      String key = key(dayOf(tick.timestampNanos()), tick.symbol());
      SymbolStats day = byDayAndSymbol.computeIfAbsent(key, k -> new SymbolStats(tick.symbol()));
      day.add(tick.lastPrice(), tick.lastSize(), tick.timestampNanos());
      touched.put(key, day);
    }
    lastAppliedOffset = Math.max(lastAppliedOffset, batchLastOffset);
    Map<String, SymbolStatsSnapshot> result = new LinkedHashMap<>();
    touched.forEach((key, stats) -> result.put(key, stats.snapshot()));
    return result;
  }

  /** The statistics of one symbol on one day, if any trade was applied. */
  public java.util.Optional<SymbolStatsSnapshot> day(LocalDate day, String symbol) {
    return java.util.Optional.ofNullable(byDayAndSymbol.get(key(day, symbol))).map(SymbolStats::snapshot);
  }

  /** Every day and symbol, keyed {@code yyyy-mm-dd/SYMBOL}. */
  public Map<String, SymbolStatsSnapshot> all() {
    Map<String, SymbolStatsSnapshot> all = new LinkedHashMap<>();
    byDayAndSymbol.forEach((k, v) -> all.put(k, v.snapshot()));
    return all;
  }

  /** Restores a book saved with {@link #all()} and {@link #lastAppliedOffset()}. */
  public static DayVwapBook restore(Map<String, SymbolStatsSnapshot> saved, long lastAppliedOffset) {
    DayVwapBook book = new DayVwapBook();
    saved.forEach(
        (key, snapshot) -> {
          SymbolStats stats = new SymbolStats(snapshot.symbol());
          stats.merge(snapshot);
          book.byDayAndSymbol.put(key, stats);
        });
    book.lastAppliedOffset = lastAppliedOffset;
    return book;
  }

  public static LocalDate dayOf(long timestampNanos) {
    return LocalDate.ofInstant(Instant.ofEpochSecond(0, timestampNanos), ZoneOffset.UTC);
  }

  /** The key of one day and symbol in {@link #all()}: {@code yyyy-mm-dd/SYMBOL}. */
  public static String key(LocalDate day, String symbol) {
    return day + "/" + symbol;
  }
}
