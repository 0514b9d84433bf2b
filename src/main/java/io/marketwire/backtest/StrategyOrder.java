package io.marketwire.backtest;

/**
 * A market order a strategy submits.
 *
 * @param symbol what to trade
 * @param quantity signed shares: positive buys, negative sells
 * @param tickNanos the time of the tick the strategy decided on (epoch nanoseconds)
 * @param reason a short word on why (e.g. {@code cross-up}), carried into logs and the live order
 */
public record StrategyOrder(String symbol, long quantity, long tickNanos, String reason) {

  public StrategyOrder {
    if (quantity == 0) {
      throw new IllegalArgumentException("an order needs a non-zero quantity");
    }
  }

  public boolean buy() {
    return quantity > 0;
  }
}
