package io.marketwire.model;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The rules a {@link MarketData} value must meet before Marketwire forwards it.
 *
 * <p>Rules, in the order they are checked (the first broken one is reported):
 *
 * <ul>
 *   <li>{@code symbol} matches {@code ^[A-Z][A-Z0-9.\-]{0,11}$} (upper-case ticker with share class
 *       suffixes such as {@code BRK.B} or {@code RDS-A});
 *   <li>every price is finite and not negative ({@code 0} means "not quoted");
 *   <li>every size and the volume are not negative;
 *   <li>when both sides are quoted, the ask is not below the bid (a crossed book is a feed error);
 *   <li>the timestamp is positive and no more than the allowed skew ahead of this machine's clock,
 *       which catches unit mistakes such as microseconds read as nanoseconds.
 * </ul>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MarketDataValidator {

  /** How far in the future a timestamp may be by default. */
  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

  /** Default rules against the system clock. */
  public static final MarketDataValidator DEFAULT =
      new MarketDataValidator(DEFAULT_MAX_FUTURE_SKEW, Clock.systemUTC());

  private static final int MAX_SYMBOL_LENGTH = 12;

  private final long maxFutureSkewNanos;
  private final Clock clock;

  /**
   * @param maxFutureSkew how far ahead of {@code clock} a timestamp may be
   * @param clock the clock "now" is read from; tests pass a fixed one
   */
  public MarketDataValidator(Duration maxFutureSkew, Clock clock) {
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must not be negative: " + maxFutureSkew);
    }
    this.maxFutureSkewNanos = maxFutureSkew.toNanos();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Checks {@code data} against the rules.
   *
   * @return {@code data}, so that a call can be chained
   * @throws MarketDataException naming the first broken rule's field and value
   */
  public MarketData validate(MarketData data) {
    checkSymbol(data.symbol());
    checkPrice("bidPrice", data.bidPrice());
    checkPrice("askPrice", data.askPrice());
    checkPrice("lastPrice", data.lastPrice());
    checkNotNegative("bidSize", data.bidSize());
    checkNotNegative("askSize", data.askSize());
    checkNotNegative("lastSize", data.lastSize());
    checkNotNegative("volume", data.volume());
    if (data.bidPrice() > 0 && data.askPrice() > 0 && data.askPrice() < data.bidPrice()) {
      throw new MarketDataException(
          "askPrice", data.askPrice(), "ask is below bid " + data.bidPrice() + " (crossed book)");
    }
    checkTimestamp(data.timestampNanos());
    return data;
  }

  /** Whether {@code symbol} is acceptable, without building an exception. */
  public static boolean isValidSymbol(String symbol) {
    if (symbol == null || symbol.isEmpty() || symbol.length() > MAX_SYMBOL_LENGTH) {
      return false;
    }
    char first = symbol.charAt(0);
    if (first < 'A' || first > 'Z') {
      return false;
    }
    for (int i = 1; i < symbol.length(); i++) {
      char c = symbol.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static void checkSymbol(String symbol) {
    if (symbol == null || symbol.isEmpty()) {
      throw new MarketDataException("symbol", symbol, "symbol is required");
    }
    if (!isValidSymbol(symbol)) {
      throw new MarketDataException(
          "symbol", symbol, "symbol must match ^[A-Z][A-Z0-9.\\-]{0,11}$");
    }
  }

  private static void checkPrice(String field, double price) {
    if (!Double.isFinite(price)) {
      throw new MarketDataException(field, price, "price must be a finite number");
    }
    if (price < 0) {
      throw new MarketDataException(field, price, "price must not be negative");
    }
  }

  private static void checkNotNegative(String field, long value) {
    if (value < 0) {
      throw new MarketDataException(field, value, "must not be negative");
    }
  }

  private void checkTimestamp(long timestampNanos) {
    if (timestampNanos <= 0) {
      throw new MarketDataException(
          "timestampNanos", timestampNanos, "timestamp must be after the epoch");
    }
    long now = Timestamps.toEpochNanos(clock.instant());
    if (timestampNanos - now > maxFutureSkewNanos) {
      throw new MarketDataException(
          "timestampNanos",
          Timestamps.format(timestampNanos),
          "timestamp is more than "
              + Duration.ofNanos(maxFutureSkewNanos)
              + " ahead of now ("
              + Timestamps.format(now)
              + ")");
    }
  }
}
