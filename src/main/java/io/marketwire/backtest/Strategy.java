package io.marketwire.backtest;

import io.marketwire.model.MarketData;

/**
 * A trading strategy: ticks in, orders out. The same instance runs in a backtest (orders to a
 * {@link SimulatedBroker}) and on the live feed (orders to the order flow, routes/backtest/live):
 * it never knows which, so what was tested on 2024 runs unchanged live.
 *
 * <p>Bar strategies read the replay made with one tick per bar ({@code --ticks-per-bar 1}, the
 * backtest's default): each tick is then one minute bar at its VWAP, carrying its volume.
 *
 * <p>Instances keep per-symbol state and are called from one thread at a time, in tick order. A
 * tick on which {@link #onTick} throws goes to the error path; the strategy sees the next tick as
 * if that one had not come.
 */
public interface Strategy {

  /**
   * Sees one tick and submits any orders it wants to {@code orders}. Orders are filled (if at
   * all) at a later tick's price, never at this one's.
   */
  void onTick(MarketData tick, OrderSink orders);
}
