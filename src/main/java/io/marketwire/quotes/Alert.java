package io.marketwire.quotes;

/**
 * Something a quote consumer noticed: a price alert, a volume spike or a market event. All kinds
 * are stored in the {@code alerts} table and pushed on the alerts stream and WebSocket.
 *
 * @param kind what happened
 * @param symbol ticker
 * @param price the price of the quote that raised it
 * @param reference what it was compared with: the reference price (price alerts, gaps), the rolling
 *     average volume (volume spikes), the last price before the silence (halts)
 * @param value the measured move: percent (price alerts, gaps), volume / average (spikes),
 *     seconds without data (halts), 0 for session open and close
 * @param threshold the threshold {@code value} reached
 * @param timestampMillis event time of the quote, epoch milliseconds UTC
 * @param sourceId the stream entry id of the quote (or a synthetic id for timer checks), which
 *     makes storing idempotent
 * @param message one line for humans
 */
public record Alert(
    Kind kind,
    String symbol,
    double price,
    double reference,
    double value,
    double threshold,
    long timestampMillis,
    String sourceId,
    String message) {

  /** What an alert is about. */
  public enum Kind {
    PRICE_ALERT,
    /** The quote's own change_percent past a threshold (seed 002's PriceAlertConsumer). */
    CHANGE_ALERT,
    VOLUME_SPIKE,
    SESSION_OPEN,
    SESSION_CLOSE,
    GAP,
    HALT,
    RESUME,
    STALE
  }
}
