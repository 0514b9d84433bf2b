package io.marketwire.quotes;

/**
 * One stock quote as it travels on the {@code stock_quotes} Redis stream.
 *
 * @param id the stream entry id ({@code 1712345678901-0}), null before it was added
 * @param symbol ticker, upper case
 * @param price last price, positive
 * @param change price minus the reference (the symbol's first price of the day), null when the
 *     producer did not send it (seed 002's own shape has no change fields)
 * @param changePercent {@code change} in percent of the reference, null when not sent
 * @param volume shares traded in this quote, not negative
 * @param timestampMillis event time, epoch milliseconds UTC
 * @param seq the producer's sequence number, null when not sent
 */
public record Quote(
    String id,
    String symbol,
    double price,
    Double change,
    Double changePercent,
    long volume,
    long timestampMillis,
    Long seq) {}
