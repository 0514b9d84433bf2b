package io.marketwire.model;

import java.time.Instant;

/**
 * One top-of-book quote plus the last trade for a symbol, the unit every Marketwire route moves.
 *
 * <p>Prices are doubles because every consumer (VWAP, spreads, charts) computes in doubles anyway
 * and a double is exact enough for prices quoted to 1/10000 of a dollar. Sizes and volume are whole
 * shares, so they are longs and never suffer rounding. A price of {@code 0} means "not quoted"; the
 * timestamp is kept in epoch nanoseconds so that feeds with nanosecond precision survive a round
 * trip through either codec.
 *
 * <p>The record does not validate itself on construction: decoders need to build a value first to
 * report everything that is wrong with it, and hot paths that produce known-good data should not
 * pay for checks. Call {@link #validate()} or use a {@link MarketDataValidator}.
 *
 * @param symbol ticker, e.g. {@code AAPL}
 * @param bidPrice best bid, {@code 0} when there is none
 * @param bidSize shares at the best bid
 * @param askPrice best ask, {@code 0} when there is none
 * @param askSize shares at the best ask
 * @param lastPrice price of the last trade, {@code 0} when there is none
 * @param lastSize shares in the last trade
 * @param volume cumulative shares traded in the symbol's session so far
 * @param timestampNanos event time, nanoseconds since the epoch, UTC
 * @param exchange venue or source name, never {@code null} (normalised to empty)
 * @param sequenceNumber the source's sequence number, for gap and duplicate detection
 */
public record MarketData(
    String symbol,
    double bidPrice,
    long bidSize,
    double askPrice,
    long askSize,
    double lastPrice,
    long lastSize,
    long volume,
    long timestampNanos,
    String exchange,
    long sequenceNumber) implements java.io.Serializable {

  /** Normalises a missing exchange to the empty string so that codecs never see {@code null}. */
  public MarketData {
    if (exchange == null) {
      exchange = "";
    }
  }

  /** Ask minus bid; meaningful only when both sides are quoted. */
  public double spread() {
    return askPrice - bidPrice;
  }

  /** The midpoint between bid and ask; meaningful only when both sides are quoted. */
  public double midPrice() {
    return (bidPrice + askPrice) / 2.0;
  }

  /** The event time as an {@link Instant}, nanoseconds included. */
  public Instant timestamp() {
    return Timestamps.toInstant(timestampNanos);
  }

  /** A copy from another venue, for the multi-exchange merge that tags each tick with its feed's. */
  public MarketData withExchange(String venue) {
    return new MarketData(
        symbol, bidPrice, bidSize, askPrice, askSize, lastPrice, lastSize, volume, timestampNanos, venue, sequenceNumber);
  }

  /** A copy with another sequence number, for sources and republishers that renumber. */
  public MarketData withSequenceNumber(long sequence) {
    return new MarketData(
        symbol,
        bidPrice,
        bidSize,
        askPrice,
        askSize,
        lastPrice,
        lastSize,
        volume,
        timestampNanos,
        exchange,
        sequence);
  }

  /**
   * Checks this value with the default rules (see {@link MarketDataValidator}).
   *
   * @return this value, so that a call can be chained
   * @throws MarketDataException naming the first field that is wrong and its value
   */
  public MarketData validate() {
    return MarketDataValidator.DEFAULT.validate(this);
  }
}
