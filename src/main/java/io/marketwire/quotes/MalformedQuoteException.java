package io.marketwire.quotes;

/**
 * A stream entry that is not a quote: names the field and the value that is wrong.
 *
 * <p>An {@link IllegalArgumentException}, like the market-data model's {@code MarketDataException},
 * because the cause is the input, never the system: retrying cannot help, and the redis-stream
 * consumer's default {@code poisonExceptions} moves such an entry to the dead-letter stream at once.
 */
public class MalformedQuoteException extends IllegalArgumentException {
  public MalformedQuoteException(String message) {
    super(message);
  }
}
