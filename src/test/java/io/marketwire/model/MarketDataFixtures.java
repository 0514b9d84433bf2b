package io.marketwire.model;

/** Values shared by the model tests. */
final class MarketDataFixtures {

  /** 2024-01-02T14:30:00.123456789Z: nanoseconds that a millisecond codec would lose. */
  static final long NANOS = 1_704_205_800_123_456_789L;

  private MarketDataFixtures() {}

  /** The seed's example quote, with a nanosecond timestamp. */
  static MarketData aapl() {
    return new MarketData(
        "AAPL", 185.50, 500, 185.52, 300, 185.51, 100, 5_000_000, NANOS, "NASDAQ", 12345);
  }
}
