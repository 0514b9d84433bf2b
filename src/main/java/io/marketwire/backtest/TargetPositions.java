package io.marketwire.backtest;

import java.util.HashMap;
import java.util.Map;

/**
 * The positions a strategy has asked for, per symbol. A strategy states where it wants to be
 * ({@code long 100} or {@code flat}) and this turns a change of mind into one order for the
 * difference, so the shipped strategies never send the same order twice while waiting for a fill.
 */
final class TargetPositions {

  private final Map<String, Long> targets = new HashMap<>();

  /** Orders the difference between {@code target} and the symbol's previous target, if any. */
  void moveTo(String symbol, long target, long tickNanos, String reason, OrderSink orders) {
    long current = targets.getOrDefault(symbol, 0L);
    if (target != current) {
      targets.put(symbol, target);
      orders.submit(new StrategyOrder(symbol, target - current, tickNanos, reason));
    }
  }

  long target(String symbol) {
    return targets.getOrDefault(symbol, 0L);
  }
}
