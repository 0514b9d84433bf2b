package io.marketwire.model;

/**
 * One minute of trading in a symbol, as in the project's 2024 minute-bar files and as aggregators
 * publish it.
 *
 * <p>{@code vwap} is the bar's volume-weighted average price (the files' {@code price} column). It
 * is often outside {@code [low, high]} in the real data: the files take OHLC and VWAP from
 * different trade filters, so code must not assume that it is inside.
 *
 * @param symbol ticker
 * @param startEpochMillis start of the minute, epoch milliseconds UTC
 * @param open first trade price
 * @param high highest trade price
 * @param low lowest trade price
 * @param close last trade price
 * @param vwap volume-weighted average price
 * @param volume shares traded in the minute
 */
public record MinuteBar(
    String symbol,
    long startEpochMillis,
    double open,
    double high,
    double low,
    double close,
    double vwap,
    long volume) {

  /** Length of a bar. */
  public static final long MILLIS = 60_000L;

  /** End of the minute (exclusive), epoch milliseconds UTC. */
  public long endEpochMillis() {
    return startEpochMillis + MILLIS;
  }

  /** {@code vwap * volume}: the traded value, which sums across bars into a day's VWAP. */
  public double notional() {
    return vwap * volume;
  }
}
