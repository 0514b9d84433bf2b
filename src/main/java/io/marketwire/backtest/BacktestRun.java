package io.marketwire.backtest;

import io.marketwire.model.MarketData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One strategy with one set of parameters over one replayed range: each tick first fills the
 * orders waiting for it, then marks the books, then goes to the strategy. Single-threaded and
 * free of wall-clock time, so the same ticks always give the same result.
 */
public final class BacktestRun implements Consumer<MarketData> {

  private static final int CURVE_POINTS = 400;
  private static final int ERRORS_LISTED = 10;

  private final String strategyName;
  private final StrategyParams params;
  private final Strategy strategy;
  private final Costs costs;
  private final ErrorPath errorPath;
  private final long startNanos;
  private final long endNanos;
  private final SimulatedBroker broker;
  private final Map<String, SymbolBook> books = new TreeMap<>();
  private final Map<String, EquityStats> symbolEquity = new TreeMap<>();
  private final EquityStats equity;
  private final List<String> errorSamples = new ArrayList<>();
  private double totalPnl;
  private int openPositions;
  private long firstNanos = Long.MIN_VALUE;
  private long lastNanos;
  private long exposedNanos;
  private long errors;

  /**
   * @param startNanos start of the replayed range (the equity curve's first bucket)
   * @param endNanos end of the range, exclusive
   */
  public BacktestRun(
      String strategyName, StrategyParams params, Strategy strategy, Costs costs, long startNanos, long endNanos, ErrorPath errorPath) {
    this.strategyName = strategyName;
    this.params = params;
    this.strategy = strategy;
    this.costs = costs;
    this.errorPath = errorPath;
    this.startNanos = startNanos;
    this.endNanos = endNanos;
    this.broker = new SimulatedBroker(costs);
    this.equity = new EquityStats(costs.initialCapital(), startNanos, endNanos, CURVE_POINTS);
  }

  /** {@code name(params)}, e.g. {@code ma-crossover(fast=5,quantity=100,slow=20)}. */
  public String variant() {
    return strategyName + "(" + params + ")";
  }

  @Override
  public void accept(MarketData tick) {
    long t = tick.timestampNanos();
    if (firstNanos == Long.MIN_VALUE) {
      firstNanos = t;
    } else if (openPositions > 0) {
      exposedNanos += t - lastNanos;
    }
    lastNanos = t;
    SymbolBook book = books.computeIfAbsent(tick.symbol(), s -> new SymbolBook());
    book.advance(t);
    double before = book.pnl();
    boolean wasOpen = book.position() != 0;
    book.mark(tick.lastPrice());
    broker.fill(tick, book);
    openPositions += (book.position() != 0 ? 1 : 0) - (wasOpen ? 1 : 0);
    totalPnl += book.pnl() - before;
    equity.update(t, costs.initialCapital() + totalPnl);
    symbolEquity
        .computeIfAbsent(tick.symbol(), s -> new EquityStats(costs.initialCapital(), startNanos, endNanos, 0))
        .update(t, costs.initialCapital() + book.pnl());
    try {
      strategy.onTick(tick, broker);
    } catch (RuntimeException e) {
      errors++;
      book.error();
      if (errorSamples.size() < ERRORS_LISTED) {
        errorSamples.add(tick.symbol() + " " + tick.timestamp() + ": " + e);
      }
      errorPath.failed(tick, variant(), e);
    }
  }

  /** The run's report section: settings, totals, per-symbol figures, fills, curve, errors. */
  public Map<String, Object> result() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("variant", variant());
    out.put("strategy", strategyName);
    out.put("params", params.asMap());
    long roundTrips = 0;
    long wins = 0;
    long fills = 0;
    long ticks = 0;
    double fees = 0;
    Map<String, Object> symbols = new LinkedHashMap<>();
    for (var e : books.entrySet()) {
      SymbolBook b = e.getValue();
      Map<String, Object> f =
          figures(b.ticks(), b.fills(), b.roundTrips(), b.wins(), b.pnl(), b.fees(), symbolEquity.get(e.getKey()), ratio(b.exposedNanos(), b.spanNanos()), b.errors());
      f.put("positionAtEnd", b.position());
      symbols.put(e.getKey(), f);
      roundTrips += b.roundTrips();
      wins += b.wins();
      fills += b.fills();
      ticks += b.ticks();
      fees += b.fees();
    }
    out.put("total", figures(ticks, fills, roundTrips, wins, totalPnl, fees, equity, ratio(exposedNanos, lastNanos - firstNanos), errors));
    out.put("symbols", symbols);
    out.put("unfilledOrders", broker.unfilled());
    out.put("errorSamples", errorSamples);
    List<Object> trades = new ArrayList<>();
    for (SimulatedBroker.Fill f : broker.fills()) {
      trades.add(List.of(f.nanos() / 1_000_000L, f.symbol(), f.quantity(), round(f.price(), 6), round(f.fee(), 6), f.reason()));
    }
    out.put("fills", trades);
    List<Object> curve = new ArrayList<>();
    for (double[] p : equity.curve()) {
      curve.add(List.of((long) p[0], round(p[1], 2)));
    }
    out.put("equity", curve);
    return out;
  }

  /** Total P&L so far (for tests and the live route's log). */
  public double pnl() {
    return totalPnl;
  }

  public long errors() {
    return errors;
  }

  private Map<String, Object> figures(
      long ticks, long fills, long roundTrips, long wins, double pnl, double fees, EquityStats stats, double exposure, long errors) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("ticks", ticks);
    f.put("fills", fills);
    f.put("roundTrips", roundTrips);
    f.put("pnl", round(pnl, 6));
    f.put("fees", round(fees, 6));
    f.put("return", round(pnl / costs.initialCapital(), 9));
    f.put("maxDrawdown", round(stats.maxDrawdown(), 9));
    f.put("sharpe", round(stats.sharpe(), 6));
    f.put("hitRate", round(ratio(wins, roundTrips), 6));
    f.put("exposure", round(exposure, 6));
    f.put("errors", errors);
    return f;
  }

  private static double ratio(double a, double b) {
    return b == 0 ? 0 : a / b;
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
