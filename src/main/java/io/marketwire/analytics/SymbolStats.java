package io.marketwire.analytics;

/**
 * Running trade statistics of one symbol over some window (a batch, a day): count, open, close,
 * high, low, volume and the volume-weighted average price. Mutable and not thread-safe: one
 * owner feeds it, then publishes a {@link SymbolStatsSnapshot}.
 */
public final class SymbolStats {

  private final String symbol;
  private long count;
  private double open = Double.NaN;
  private double close = Double.NaN;
  private double high = Double.NEGATIVE_INFINITY;
  private double low = Double.POSITIVE_INFINITY;
  private long volume;
  private double priceTimesVolume;
  private long firstTimestampNanos;
  private long lastTimestampNanos;

  public SymbolStats(String symbol) {
    this.symbol = symbol;
  }

  /** Adds one trade; a trade of size 0 moves prices but not the VWAP. */
  public void add(double price, long size, long timestampNanos) {
    if (count == 0) {
      open = price;
      firstTimestampNanos = timestampNanos;
    }
    count++;
    close = price;
    lastTimestampNanos = timestampNanos;
    high = Math.max(high, price);
    low = Math.min(low, price);
    volume += size;
    priceTimesVolume += price * size;
  }

  /** Adds everything another window saw after this one (used to roll batches into a day). */
  public void merge(SymbolStatsSnapshot later) {
    if (later.count() == 0) {
      return;
    }
    if (count == 0) {
      open = later.open();
      firstTimestampNanos = later.firstTimestampNanos();
    }
    count += later.count();
    close = later.close();
    lastTimestampNanos = later.lastTimestampNanos();
    high = Math.max(high, later.high());
    low = Math.min(low, later.low());
    volume += later.volume();
    priceTimesVolume += later.priceTimesVolume();
  }

  public SymbolStatsSnapshot snapshot() {
    return new SymbolStatsSnapshot(
        symbol, count, open, close, high, low, volume, priceTimesVolume, firstTimestampNanos, lastTimestampNanos);
  }

  public String symbol() {
    return symbol;
  }

  public long count() {
    return count;
  }
}
