package io.marketwire.backtest;

/**
 * The last {@code size} prices of one symbol, with their mean (for moving averages) and extremes
 * (for breakouts). A ring buffer: no allocation per tick. The mean is summed oldest first on every
 * call rather than kept as a running sum: a running sum drifts by rounding, and a crossover decided
 * on that drift would differ from the plain arithmetic anyone checks it against.
 */
final class PriceWindow {

  private final double[] prices;
  private int count;
  private int next;

  PriceWindow(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a window needs at least one price, was " + size);
    }
    this.prices = new double[size];
  }

  void add(double price) {
    if (count < prices.length) {
      count++;
    }
    prices[next] = price;
    next = (next + 1) % prices.length;
  }

  boolean full() {
    return count == prices.length;
  }

  double mean() {
    int oldest = count < prices.length ? 0 : next;
    double sum = 0;
    for (int i = 0; i < count; i++) {
      sum += prices[(oldest + i) % prices.length];
    }
    return sum / count;
  }

  double max() {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      max = Math.max(max, prices[i]);
    }
    return max;
  }

  double min() {
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < count; i++) {
      min = Math.min(min, prices[i]);
    }
    return min;
  }
}
