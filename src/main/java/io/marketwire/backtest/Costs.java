package io.marketwire.backtest;

/**
 * What trading costs in the simulation, from {@code marketwire.backtest.*}.
 *
 * @param initialCapital the account's starting cash; returns and drawdowns are relative to it
 * @param feeBps commission in basis points of each fill's notional
 * @param feePerOrder a fixed commission per fill
 * @param slippageBps how much worse than the next tick's price a fill is, in basis points (a buy
 *     pays more, a sell receives less)
 */
public record Costs(double initialCapital, double feeBps, double feePerOrder, double slippageBps) {

  public Costs {
    if (initialCapital <= 0) {
      throw new IllegalArgumentException("initial capital must be positive, was " + initialCapital);
    }
  }

  /** The price a market order of {@code quantity} gets at a tick trading at {@code price}. */
  double fillPrice(long quantity, double price) {
    double slip = price * slippageBps / 10_000.0;
    return quantity > 0 ? price + slip : price - slip;
  }

  double fee(long quantity, double fillPrice) {
    return Math.abs(quantity) * fillPrice * feeBps / 10_000.0 + feePerOrder;
  }
}
