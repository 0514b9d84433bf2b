package io.marketwire.analytics;

/**
 * Statistics of one symbol over a window, frozen. The VWAP is derived from the two sums so that
 * windows can be merged exactly (sum of price times volume over sum of volume).
 */
public record SymbolStatsSnapshot(
    String symbol,
    long count,
    double open,
    double close,
    double high,
    double low,
    long volume,
    double priceTimesVolume,
    long firstTimestampNanos,
    long lastTimestampNanos) {

  /** Volume-weighted average price; NaN when no volume traded. */
  public double vwap() {
    return volume == 0 ? Double.NaN : priceTimesVolume / volume;
  }
}
