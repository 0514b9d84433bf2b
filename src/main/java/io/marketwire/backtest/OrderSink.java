package io.marketwire.backtest;

/**
 * Where a strategy's orders go: the simulated broker in a backtest, the live order flow
 * ({@code orders.direct}) through {@link LiveStrategy} and its route. A strategy only ever sees
 * this interface, which is what makes the destination pluggable.
 */
@FunctionalInterface
public interface OrderSink {

  void submit(StrategyOrder order);
}
