package io.marketwire.backtest;

import java.util.ArrayList;
import java.util.List;

/**
 * An equity series seen tick by tick: its maximum drawdown (from every tick, not only day ends),
 * its Sharpe ratio (from day-end equity, annualised with 252 trading days) and, when asked, the
 * curve sampled into fixed time buckets over the replayed range, the last value of each, so a
 * year draws as a few hundred points and the same range always gives the same points.
 */
final class EquityStats {

  private static final long DAY_NANOS = 86_400_000_000_000L;

  private final double initial;
  private final long curveStart;
  private final long bucketNanos;
  private final List<double[]> curve = new ArrayList<>();
  private final List<Double> dayCloses = new ArrayList<>();
  private double peak;
  private double maxDrawdown;
  private double last;
  private long day = Long.MIN_VALUE;
  private long bucket = Long.MIN_VALUE;

  /**
   * @param curveBuckets how many points the curve may have at most over [start, end); 0 keeps none
   */
  EquityStats(double initial, long startNanos, long endNanos, int curveBuckets) {
    this.initial = initial;
    this.peak = initial;
    this.last = initial;
    this.curveStart = startNanos;
    this.bucketNanos = curveBuckets == 0 ? 0 : Math.max(1, (endNanos - startNanos) / curveBuckets);
  }

  void update(long nanos, double equity) {
    long d = Math.floorDiv(nanos, DAY_NANOS);
    if (d != day) {
      if (day != Long.MIN_VALUE) {
        dayCloses.add(last);
      }
      day = d;
    }
    last = equity;
    peak = Math.max(peak, equity);
    maxDrawdown = Math.max(maxDrawdown, (peak - equity) / peak);
    if (bucketNanos > 0) {
      long b = Math.floorDiv(nanos - curveStart, bucketNanos);
      if (b != bucket) {
        bucket = b;
        curve.add(new double[] {nanos / 1_000_000L, equity});
      } else {
        curve.get(curve.size() - 1)[1] = equity;
        curve.get(curve.size() - 1)[0] = nanos / 1_000_000L;
      }
    }
  }

  double maxDrawdown() {
    return maxDrawdown;
  }

  /** Mean over standard deviation of daily returns, times sqrt(252); 0 with under two days. */
  double sharpe() {
    List<Double> closes = new ArrayList<>(dayCloses);
    closes.add(last);
    int n = closes.size();
    if (n < 2) {
      return 0;
    }
    double[] returns = new double[n];
    double previous = initial;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      returns[i] = closes.get(i) / previous - 1;
      previous = closes.get(i);
      mean += returns[i];
    }
    mean /= n;
    double variance = 0;
    for (double r : returns) {
      variance += (r - mean) * (r - mean);
    }
    double sd = Math.sqrt(variance / (n - 1));
    return sd == 0 ? 0 : mean / sd * Math.sqrt(252);
  }

  /** [epoch millis, equity] pairs, the last of each bucket. */
  List<double[]> curve() {
    return curve;
  }
}
