package io.marketwire.analytics;

/** The national best bid and offer of a symbol across exchanges at one moment. */
public record Nbbo(
    String symbol,
    double bidPrice,
    long bidSize,
    String bidExchange,
    double askPrice,
    long askSize,
    String askExchange,
    long timestampNanos) {

  /** True when the best bid is at or above the best ask (a locked or crossed market). */
  public boolean crossed() {
    return bidPrice > 0 && askPrice > 0 && bidPrice >= askPrice;
  }
}
