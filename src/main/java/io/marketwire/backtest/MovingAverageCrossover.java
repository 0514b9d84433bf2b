package io.marketwire.backtest;

import io.marketwire.model.MarketData;
import java.util.HashMap;
import java.util.Map;

/**
 * Moving-average crossover, long only: holds {@code quantity} shares of a symbol while the simple
 * moving average of its last {@code fast} prices is above that of its last {@code slow} prices, and
 * is flat otherwise. Nothing is decided before {@code slow} prices have been seen.
 */
public final class MovingAverageCrossover implements Strategy {

  private final int fast;
  private final int slow;
  private final long quantity;
  private final Map<String, PriceWindow[]> windows = new HashMap<>();
  private final TargetPositions targets = new TargetPositions();

  public MovingAverageCrossover(StrategyParams params) {
    this.fast = params.getInt("fast");
    this.slow = params.getInt("slow");
    this.quantity = params.getInt("quantity");
    if (fast >= slow) {
      throw new IllegalArgumentException("fast (" + fast + ") must be shorter than slow (" + slow + ")");
    }
  }

  @Override
  public void onTick(MarketData tick, OrderSink orders) {
    PriceWindow[] w = windows.computeIfAbsent(tick.symbol(), s -> new PriceWindow[] {new PriceWindow(fast), new PriceWindow(slow)});
    w[0].add(tick.lastPrice());
    w[1].add(tick.lastPrice());
    if (w[1].full()) {
      boolean up = w[0].mean() > w[1].mean();
      targets.moveTo(tick.symbol(), up ? quantity : 0, tick.timestampNanos(), up ? "cross-up" : "cross-down", orders);
    }
  }
}
