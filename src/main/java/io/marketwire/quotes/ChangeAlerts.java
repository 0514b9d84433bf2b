package io.marketwire.quotes;

import java.util.Locale;

/**
 * Seed 002's price-alert consumer type: a quote whose own {@code change_percent} is at least the
 * threshold (either way) raises an alert. Unlike {@link PriceAlerts}, which compares with a
 * reference price it remembers per symbol, it keeps no state, so any number of consumers can share
 * its group, the seed's Python consumers included.
 */
public final class ChangeAlerts {

  private final double thresholdPercent;

  public ChangeAlerts(double thresholdPercent) {
    if (!(thresholdPercent > 0)) {
      throw new IllegalArgumentException("the change alert threshold must be a positive percentage, was " + thresholdPercent);
    }
    this.thresholdPercent = thresholdPercent;
  }

  /** The alert this quote raises, or null (also for a quote without change_percent). */
  public Alert check(Quote quote) {
    Double change = quote.changePercent();
    // a tolerance of 1e-9 percent, so a change of exactly the threshold counts despite rounding
    if (change == null || Math.abs(change) + 1e-9 < thresholdPercent) {
      return null;
    }
    double previous = quote.change() == null ? quote.price() / (1 + change / 100) : quote.price() - quote.change();
    return new Alert(
        Alert.Kind.CHANGE_ALERT,
        quote.symbol(),
        quote.price(),
        previous,
        change,
        thresholdPercent,
        quote.timestampMillis(),
        quote.id(),
        String.format(Locale.ROOT, "PRICE ALERT: %s moved %+.2f%% (change_percent, threshold %.2f%%)", quote.symbol(), change, thresholdPercent));
  }
}
