package io.marketwire.analytics;

import io.marketwire.model.MarketData;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a bounded replay saw: messages per symbol, first and last event time, VWAP per symbol,
 * and how long it took. Rendered as JSON for machines and as a table for people.
 */
public final class ReplaySummary {

  private final Map<String, SymbolStats> bySymbol = new TreeMap<>();
  private long messages;
  private long skipped;
  private long startedNanos = System.nanoTime();
  private long finishedNanos;
  private boolean timedOut;

  public synchronized void restartClock() {
    startedNanos = System.nanoTime();
  }

  public synchronized void add(MarketData tick) {
    messages++;
    SymbolStats stats = bySymbol.computeIfAbsent(tick.symbol(), SymbolStats::new);
    stats.add(tick.lastPrice(), tick.lastPrice() > 0 ? tick.lastSize() : 0, tick.timestampNanos());
  }

  /** A message outside the asked range or symbols (counted, not summarised). */
  public synchronized void skip() {
    skipped++;
  }

  /** The replay stopped at its timeout, before the end of the range. */
  public synchronized void timedOut() {
    timedOut = true;
  }

  public synchronized boolean isTimedOut() {
    return timedOut;
  }

  public synchronized void finish() {
    finishedNanos = System.nanoTime();
  }

  public synchronized long messages() {
    return messages;
  }

  public synchronized Map<String, SymbolStatsSnapshot> symbols() {
    Map<String, SymbolStatsSnapshot> out = new LinkedHashMap<>();
    bySymbol.forEach((s, stats) -> out.put(s, stats.snapshot()));
    return out;
  }

  public synchronized Duration duration() {
    long end = finishedNanos == 0 ? System.nanoTime() : finishedNanos;
    return Duration.ofNanos(end - startedNanos);
  }

  public synchronized double ratePerSecond() {
    double seconds = duration().toNanos() / 1e9;
    return seconds == 0 ? 0 : messages / seconds;
  }

  public synchronized Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("messages", messages);
    out.put("skipped", skipped);
    out.put("duration_ms", duration().toMillis());
    out.put("rate_per_second", Math.round(ratePerSecond()));
    out.put("timed_out", timedOut);
    Map<String, Object> symbols = new LinkedHashMap<>();
    symbols().forEach(
        (symbol, s) -> {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("messages", s.count());
          row.put("first_timestamp", Instant.ofEpochSecond(0, s.firstTimestampNanos()).toString());
          row.put("last_timestamp", Instant.ofEpochSecond(0, s.lastTimestampNanos()).toString());
          row.put("vwap", s.vwap());
          row.put("volume", s.volume());
          symbols.put(symbol, row);
        });
    out.put("symbols", symbols);
    return out;
  }

  public synchronized String toTable() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%-8s %10s %-24s %-24s %14s %14s%n", "SYMBOL", "MESSAGES", "FIRST", "LAST", "VWAP", "VOLUME"));
    symbols().forEach(
        (symbol, s) ->
            out.append(
                String.format(
                    "%-8s %10d %-24s %-24s %14.4f %14d%n",
                    symbol,
                    s.count(),
                    Instant.ofEpochSecond(0, s.firstTimestampNanos()).toString(),
                    Instant.ofEpochSecond(0, s.lastTimestampNanos()).toString(),
                    s.vwap(),
                    s.volume())));
    out.append(
        String.format(
            "%d messages (%d skipped) in %.2f s, %.0f msg/s%s%n",
            messages, skipped, duration().toMillis() / 1000.0, ratePerSecond(),
            timedOut ? "; TIMED OUT before the end of the range" : ""));
    return out.toString();
  }
}
