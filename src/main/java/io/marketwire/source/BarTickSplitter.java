package io.marketwire.source;

import io.marketwire.model.MarketData;
import io.marketwire.model.MinuteBar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns one minute bar into a few ticks that add back up to it: their sizes sum to the bar's volume
 * and their volume-weighted average price is the bar's VWAP (to floating-point rounding, about
 * 1e-15 relative). That is what lets a tick-level VWAP aggregator be checked against the bar files
 * exactly.
 *
 * <p>The ticks are symmetric pairs around the VWAP with equal sizes, plus one tick at the VWAP that
 * takes the rest of the volume: {@code p - d} and {@code p + d} at size {@code s} contribute {@code
 * 2 s p}, so the VWAP stays {@code p} whatever {@code d} is. The widest pair reaches the nearer of
 * low and high, so every price stays within {@code [low, high]}. In the real files the VWAP is
 * outside {@code [low, high]} in about half the bars (OHLC and VWAP come from different trade
 * filters); there no tick set can stay inside with that VWAP, and all ticks trade at the VWAP,
 * which is as close to the range as such a set can get.
 *
 * <p>Ticks are spread evenly over the minute, the first at its start, and walk from low to high in
 * an up bar ({@code close >= open}) and from high to low in a down bar. Each carries a narrow quote
 * around its trade price. Stateless and thread-safe.
 */
public final class BarTickSplitter {

  /** Ticks made from a bar with enough volume: two pairs and the centre. */
  public static final int DEFAULT_TICKS_PER_BAR = 5;

  private static final long NANOS_PER_MINUTE = MinuteBar.MILLIS * 1_000_000L;
  private static final long QUOTE_SIZE = 100;

  private final int ticksPerBar;
  private final String exchange;

  /**
   * @param ticksPerBar the most ticks a bar becomes (at least 1); an even number means one less,
   *     because ticks come in pairs plus a centre
   * @param exchange the exchange name the ticks carry
   */
  public BarTickSplitter(int ticksPerBar, String exchange) {
    if (ticksPerBar < 1) {
      throw new IllegalArgumentException("ticksPerBar must be at least 1, was " + ticksPerBar);
    }
    this.ticksPerBar = ticksPerBar;
    this.exchange = exchange;
  }

  /**
   * The ticks of {@code bar}, in time order; none when the bar has no volume.
   *
   * @param volumeBefore the symbol's session volume before this bar; each tick's {@code volume}
   *     adds its own size to it
   * @param firstSequence the first tick's sequence number; the others follow on
   */
  public List<MarketData> split(MinuteBar bar, long volumeBefore, long firstSequence) {
    long volume = bar.volume();
    if (volume <= 0) {
      return List.of();
    }
    double vwap = bar.vwap();
    long pairs = Math.min((ticksPerBar - 1) / 2, (volume - 1) / 2);
    long pairSize = volume / (2 * pairs + 1);
    long centreSize = volume - 2 * pairs * pairSize;
    boolean inside = vwap >= bar.low() && vwap <= bar.high();
    double reach = inside ? Math.min(vwap - bar.low(), bar.high() - vwap) : 0;

    int count = (int) (2 * pairs + 1);
    double[] prices = new double[count];
    long[] sizes = new long[count];
    // ascending prices: low side widest first, centre, high side narrowest first
    for (int j = 1; j <= pairs; j++) {
      double distance = reach * j / pairs;
      int low = (int) (pairs - j);
      int high = (int) (pairs + j);
      prices[low] = Math.max(bar.low(), vwap - distance);
      prices[high] = Math.min(bar.high(), vwap + distance);
      sizes[low] = pairSize;
      sizes[high] = pairSize;
    }
    prices[(int) pairs] = vwap;
    sizes[(int) pairs] = centreSize;
    if (!inside) {
      Arrays.fill(prices, vwap);
    }

    boolean up = bar.close() >= bar.open();
    long start = bar.startEpochMillis() * 1_000_000L;
    long step = NANOS_PER_MINUTE / count;
    double halfSpread = Math.max(0.005, vwap * 0.00005);
    List<MarketData> ticks = new ArrayList<>(count);
    long cumulative = volumeBefore;
    for (int i = 0; i < count; i++) {
      int k = up ? i : count - 1 - i;
      double price = prices[k];
      cumulative += sizes[k];
      ticks.add(
          new MarketData(
              bar.symbol(),
              Math.max(0, price - halfSpread),
              QUOTE_SIZE,
              price + halfSpread,
              QUOTE_SIZE,
              price,
              sizes[k],
              cumulative,
              start + i * step,
              exchange,
              firstSequence + i));
    }
    return ticks;
  }
}
