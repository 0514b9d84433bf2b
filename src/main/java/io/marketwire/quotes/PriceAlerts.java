package io.marketwire.quotes;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Price alerts: a quote that moved at least the symbol's threshold (percent, from the live routing
 * rules, {@code alert-threshold-percent.*}) away from the symbol's reference price raises an
 * alert. The reference is the first price seen for the symbol, then the price of its last alert,
 * so a steady trend raises one alert per threshold step rather than one per quote.
 *
 * <p>State is in memory, per symbol: run one consumer of the price-alert group (a second one
 * would see only part of each symbol's quotes).
 */
public final class PriceAlerts {

  private final ToDoubleFunction<String> thresholdPercent;
  private final Map<String, Double> references = new ConcurrentHashMap<>();

  /** @param thresholdPercent the threshold per symbol, e.g. {@code routingRules::alertThresholdPercent} */
  public PriceAlerts(ToDoubleFunction<String> thresholdPercent) {
    this.thresholdPercent = thresholdPercent;
  }

  /** The alert this quote raises, or null. */
  public Alert check(Quote quote) {
    Double reference = references.putIfAbsent(quote.symbol(), quote.price());
    if (reference == null) {
      return null;
    }
    double movePercent = (quote.price() - reference) / reference * 100;
    double threshold = thresholdPercent.applyAsDouble(quote.symbol());
    // a tolerance of 1e-9 percent, so a move of exactly the threshold counts despite rounding
    if (Math.abs(movePercent) + 1e-9 < threshold) {
      return null;
    }
    references.put(quote.symbol(), quote.price());
    return new Alert(
        Alert.Kind.PRICE_ALERT,
        quote.symbol(),
        quote.price(),
        reference,
        movePercent,
        threshold,
        quote.timestampMillis(),
        quote.id(),
        String.format(
            Locale.ROOT,
            "PRICE ALERT: %s moved %+.2f%% from %.4f to %.4f (threshold %.2f%%)",
            quote.symbol(), movePercent, reference, quote.price(), threshold));
  }

  /** The current reference price of a symbol, or null. */
  public Double reference(String symbol) {
    return references.get(symbol);
  }
}
