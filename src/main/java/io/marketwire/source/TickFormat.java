package io.marketwire.source;

/**
 * The body a {@code ticks:} consumer puts in its exchanges. Objects suit routes that transform in
 * Java; bytes suit routes that go straight to a broker, without a codec step in YAML.
 */
public enum TickFormat {
  /** A {@code MarketData} or {@code MinuteBar} object. */
  OBJECT,
  /** UTF-8 JSON bytes ({@code MarketDataJsonCodec}, bars with {@code MinuteBarJsonCodec}). */
  JSON,
  /** Binary ticks ({@code MarketDataBinaryCodec}); bars, which have no binary form, as JSON. */
  BINARY
}
