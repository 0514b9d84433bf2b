package io.marketwire.quotes;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Volume spikes: a quote whose volume is at least {@code spikeFactor} times the average volume of
 * the symbol's previous {@code window} quotes (once {@code minSamples} of them were seen). The
 * spike itself then joins the window. State in memory, per symbol, like {@link PriceAlerts}.
 */
public final class VolumeAnalysis {

  private final int window;
  private final int minSamples;
  private final double spikeFactor;
  private final Map<String, Rolling> rolling = new ConcurrentHashMap<>();

  public VolumeAnalysis(int window, int minSamples, double spikeFactor) {
    if (window < 1 || minSamples < 1 || minSamples > window || !(spikeFactor > 1)) {
      throw new IllegalArgumentException(
          "volume analysis needs window >= 1, 1 <= min-samples <= window and spike-factor > 1; got window="
              + window + ", min-samples=" + minSamples + ", spike-factor=" + spikeFactor);
    }
    this.window = window;
    this.minSamples = minSamples;
    this.spikeFactor = spikeFactor;
  }

  /** The spike this quote is, or null. */
  public Alert check(Quote quote) {
    Rolling r = rolling.computeIfAbsent(quote.symbol(), s -> new Rolling());
    synchronized (r) {
      Alert alert = null;
      if (r.volumes.size() >= minSamples) {
        double average = r.sum / r.volumes.size();
        if (average > 0 && quote.volume() >= spikeFactor * average) {
          double ratio = quote.volume() / average;
          alert =
              new Alert(
                  Alert.Kind.VOLUME_SPIKE,
                  quote.symbol(),
                  quote.price(),
                  average,
                  ratio,
                  spikeFactor,
                  quote.timestampMillis(),
                  quote.id(),
                  String.format(
                      Locale.ROOT,
                      "VOLUME SPIKE: %s traded %d, %.1fx its average of %.0f over the last %d quotes",
                      quote.symbol(), quote.volume(), ratio, average, r.volumes.size()));
        }
      }
      r.volumes.addLast(quote.volume());
      r.sum += quote.volume();
      if (r.volumes.size() > window) {
        r.sum -= r.volumes.removeFirst();
      }
      return alert;
    }
  }

  /** The symbol's rolling average volume, NaN before its first quote. */
  public double average(String symbol) {
    Rolling r = rolling.get(symbol);
    if (r == null) {
      return Double.NaN;
    }
    synchronized (r) {
      return r.volumes.isEmpty() ? Double.NaN : (double) r.sum / r.volumes.size();
    }
  }

  private static final class Rolling {
    final Deque<Long> volumes = new ArrayDeque<>();
    long sum;
  }
}
