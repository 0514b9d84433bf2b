package io.marketwire.backtest;

import io.marketwire.model.MarketData;

/**
 * Where a tick goes when a strategy throws on it. The backtest command sends it to the
 * market-data error stream (the project's one error path for ticks) with the reason; tests
 * collect it. Either way the run goes on with the next tick and the report counts the error.
 */
@FunctionalInterface
public interface ErrorPath {

  void failed(MarketData tick, String variant, RuntimeException error);
}
