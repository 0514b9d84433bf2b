package io.marketwire.analytics;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Incremental technical indicators over a price series, one price at a time: simple and
 * exponential moving averages and the Relative Strength Index with Wilder's smoothing. Each
 * indicator is "not ready" ({@link Indicator#ready()} false, {@link Indicator#value()} NaN) until
 * it has seen enough prices. Not thread-safe: one instance per symbol, fed in order.
 */
public final class Indicators {

  private Indicators() {}

  /** One indicator fed one price at a time. */
  public interface Indicator {
    /** Adds the next price; returns the new value (NaN while not ready). */
    double update(double price);

    /** The current value, NaN while not ready. */
    double value();

    default boolean ready() {
      return !Double.isNaN(value());
    }
  }

  /** Simple moving average: the mean of the last {@code window} prices. */
  public static final class Sma implements Indicator {
    private final int window;
    private final Deque<Double> prices = new ArrayDeque<>();
    private double sum;

    public Sma(int window) {
      this.window = positive(window, "SMA window");
      prices.clear();
    }

    @Override
    public double update(double price) {
      prices.addLast(price);
      sum += price;
      if (prices.size() > window) {
        sum -= prices.removeFirst();
      }
      return value();
    }

    @Override
    public double value() {
      return prices.size() < window ? Double.NaN : sum / window;
    }

    public int window() {
      return window;
    }
  }

  /**
   * Exponential moving average with {@code k = 2 / (window + 1)}, seeded with the simple average
   * of the first {@code window} prices (ready from the {@code window}-th price on).
   */
  public static final class Ema implements Indicator {
    private final int window;
    private final double k;
    private int count;
    private double seedSum;
    private double ema = Double.NaN;

    public Ema(int window) {
      this.window = positive(window, "EMA window");
      this.k = 2.0 / (window + 1);
    }

    @Override
    public double update(double price) {
      count++;
      if (count < window) {
        seedSum += price;
      } else if (count == window) {
        ema = (seedSum + price) / window;
      } else {
        ema = price * k + ema * (1 - k);
      }
      return ema;
    }

    @Override
    public double value() {
      return ema;
    }

    public int window() {
      return window;
    }
  }

  /**
   * RSI with Wilder's smoothing: the first average gain and loss are the plain means of the first
   * {@code period} price changes, later ones {@code avg = (avg * (period - 1) + current) / period}.
   * {@code RSI = 100 - 100 / (1 + avgGain / avgLoss)}, 100 when there was no loss. Ready after
   * {@code period + 1} prices.
   */
  public static final class WilderRsi implements Indicator {
    private final int period;
    private double previous = Double.NaN;
    private int changes;
    private double avgGain;
    private double avgLoss;
    private double rsi = Double.NaN;

    public WilderRsi(int period) {
      this.period = positive(period, "RSI period");
    }

    @Override
    public double update(double price) {
      if (Double.isNaN(previous)) {
        previous = price;
        return rsi;
      }
      double change = price - previous;
      previous = price;
      double gain = Math.max(change, 0);
      double loss = Math.max(-change, 0);
      changes++;
      if (changes <= period) {
        avgGain += gain / period;
        avgLoss += loss / period;
        if (changes < period) {
          return rsi;
        }
      } else {
        avgGain = (avgGain * (period - 1) + gain) / period;
        avgLoss = (avgLoss * (period - 1) + loss) / period;
      }
      rsi = avgLoss == 0 ? 100.0 : 100.0 - 100.0 / (1.0 + avgGain / avgLoss);
      return rsi;
    }

    @Override
    public double value() {
      return rsi;
    }

    public int period() {
      return period;
    }
  }

  private static int positive(int n, String what) {
    if (n < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + n);
    }
    return n;
  }
}
