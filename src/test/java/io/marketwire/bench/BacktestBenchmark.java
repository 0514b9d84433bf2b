package io.marketwire.bench;

import io.marketwire.backtest.BacktestRun;
import io.marketwire.backtest.Breakout;
import io.marketwire.backtest.Costs;
import io.marketwire.backtest.MovingAverageCrossover;
import io.marketwire.backtest.Strategy;
import io.marketwire.backtest.StrategyParams;
import io.marketwire.backtest.VwapMeanReversion;
import io.marketwire.model.MarketData;
import io.marketwire.source.BarReplay;
import io.marketwire.source.SourceEvent;
import io.marketwire.source.TimeWindow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Ticks per second of each shipped strategy with the simulated broker and the report's books (a
 * {@link BacktestRun}), on a year of one symbol's real bars held in memory, against the replay's
 * own rate on the same year (BarReplay turning the CSV into ticks): the target is that the
 * strategy is not the bottleneck. The broker read is not in it; the command prints that rate.
 *
 * <p>Run: {@code ./marketwire bench BacktestBenchmark [SYMBOL] [TICKS_PER_BAR] [ROUNDS]}
 */
public final class BacktestBenchmark {

  public static void main(String[] args) {
    String symbol = args.length > 0 ? args[0] : "CPAY";
    int ticksPerBar = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
    TimeWindow year = TimeWindow.days(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    List<MarketData> ticks = new ArrayList<>();
    double[] replayRates = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ticks.clear();
      long start = System.nanoTime();
      try (BarReplay replay = BarReplay.builder().directory(BarReplay.DEFAULT_DIRECTORY).symbols(List.of(symbol))
          .window(year).ticksPerBar(ticksPerBar).open()) {
        replay.forEachRemaining(e -> {
          if (e instanceof SourceEvent.Tick t) {
            ticks.add(t.data());
          }
        });
      }
      replayRates[r] = ticks.size() / ((System.nanoTime() - start) / 1e9);
    }
    System.out.printf("%s 2024, %d ticks per bar: %,d ticks; median of %d rounds (best)%n", symbol, ticksPerBar, ticks.size(), rounds);
    report("replay (CSV -> ticks)", replayRates);
    Costs costs = new Costs(1_000_000, 0.5, 1.0, 1.0);
    Map<String, Supplier<Strategy>> strategies = new java.util.LinkedHashMap<>();
    strategies.put("ma-crossover(fast=10,slow=30)", () -> new MovingAverageCrossover(params("fast", "10", "slow", "30")));
    strategies.put("vwap-reversion(band-bps=20,warmup=30)", () -> new VwapMeanReversion(params("band-bps", "20", "warmup", "30")));
    strategies.put("breakout(lookback=60,exit-lookback=30)", () -> new Breakout(params("lookback", "60", "exit-lookback", "30")));
    for (var entry : strategies.entrySet()) {
      double[] rates = new double[rounds];
      double pnl = 0;
      for (int r = 0; r < rounds; r++) {
        BacktestRun run = new BacktestRun(entry.getKey(), params(), entry.getValue().get(), costs,
            ticks.get(0).timestampNanos(), ticks.get(ticks.size() - 1).timestampNanos() + 1, (t, v, e) -> {});
        long start = System.nanoTime();
        ticks.forEach(run);
        rates[r] = ticks.size() / ((System.nanoTime() - start) / 1e9);
        pnl = run.pnl();
      }
      report(entry.getKey() + String.format(" P&L %,.2f", pnl), rates);
    }
  }

  private static StrategyParams params(String... kv) {
    Map<String, String> m = new java.util.HashMap<>(Map.of("quantity", "100"));
    for (int i = 0; i + 1 < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return new StrategyParams(m);
  }

  private static void report(String what, double[] rates) {
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    System.out.printf("  %-58s %,12.0f ticks/s (best %,.0f)%n", what, sorted[sorted.length / 2], sorted[sorted.length - 1]);
  }
}
