package io.marketwire.backtest;

import io.marketwire.model.MarketData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The backtest's order sink: a market order waits for its symbol's next tick and fills there, at
 * that tick's price made worse by the slippage, paying the fee. Never at the tick the strategy
 * decided on: that price was already gone when the order could have reached a market. Orders
 * still waiting when the range ends are not filled (counted as unfilled).
 */
final class SimulatedBroker implements OrderSink {

  /** A fill as it happened, for the report's trade list. */
  record Fill(String symbol, long quantity, double price, double fee, long nanos, String reason) {}

  private final Costs costs;
  private final Map<String, List<StrategyOrder>> pending = new HashMap<>();
  private final List<Fill> fills = new ArrayList<>();

  SimulatedBroker(Costs costs) {
    this.costs = costs;
  }

  @Override
  public void submit(StrategyOrder order) {
    pending.computeIfAbsent(order.symbol(), s -> new ArrayList<>(2)).add(order);
  }

  /** Fills the orders waiting for {@code tick}'s symbol into {@code book}. */
  void fill(MarketData tick, SymbolBook book) {
    List<StrategyOrder> waiting = pending.get(tick.symbol());
    if (waiting == null || waiting.isEmpty()) {
      return;
    }
    for (StrategyOrder order : waiting) {
      double price = costs.fillPrice(order.quantity(), tick.lastPrice());
      double fee = costs.fee(order.quantity(), price);
      book.fill(order.quantity(), price, fee);
      fills.add(new Fill(order.symbol(), order.quantity(), price, fee, tick.timestampNanos(), order.reason()));
    }
    waiting.clear();
  }

  List<Fill> fills() {
    return fills;
  }

  long unfilled() {
    return pending.values().stream().mapToLong(List::size).sum();
  }
}
