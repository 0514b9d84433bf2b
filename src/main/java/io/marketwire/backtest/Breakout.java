package io.marketwire.backtest;

import io.marketwire.model.MarketData;
import java.util.HashMap;
import java.util.Map;

/**
 * Channel breakout, long only: buys {@code quantity} shares when a price exceeds the highest of
 * the previous {@code lookback} prices, and sells them when a price falls below the lowest of the
 * previous {@code exit-lookback} prices (a shorter exit channel gives back less of a failed break).
 */
public final class Breakout implements Strategy {

  private final int lookback;
  private final int exitLookback;
  private final long quantity;
  private final Map<String, PriceWindow[]> windows = new HashMap<>();
  private final TargetPositions targets = new TargetPositions();

  public Breakout(StrategyParams params) {
    this.lookback = params.getInt("lookback");
    this.exitLookback = params.getInt("exit-lookback");
    this.quantity = params.getInt("quantity");
  }

  @Override
  public void onTick(MarketData tick, OrderSink orders) {
    PriceWindow[] w =
        windows.computeIfAbsent(tick.symbol(), s -> new PriceWindow[] {new PriceWindow(lookback), new PriceWindow(exitLookback)});
    double price = tick.lastPrice();
    // compare with the channel before this price joins it
    if (w[0].full() && price > w[0].max()) {
      targets.moveTo(tick.symbol(), quantity, tick.timestampNanos(), "break-up", orders);
    } else if (w[1].full() && price < w[1].min()) {
      targets.moveTo(tick.symbol(), 0, tick.timestampNanos(), "break-down", orders);
    }
    w[0].add(price);
    w[1].add(price);
  }
}
