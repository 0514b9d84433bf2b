package io.marketwire.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.marketwire.model.MarketData;
import io.marketwire.source.BarReplay;
import io.marketwire.source.SourceEvent;
import io.marketwire.source.TimeWindow;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulation without a broker: fills at the next tick, costs, and the error path. */
class BacktestRunTest {

  private static final Costs COSTS = new Costs(1_000_000, 0.5, 1.0, 1.0);

  @Test
  void anOrderFillsAtTheSymbolsNextTickWithSlippageAndFeesNeverAtTheDecidingTick() {
    // buys on the first tick, sells on the third
    Strategy scripted = new Strategy() {
      int seen;

      @Override
      public void onTick(MarketData tick, OrderSink orders) {
        seen++;
        if (seen == 1) {
          orders.submit(new StrategyOrder(tick.symbol(), 100, tick.timestampNanos(), "t1"));
        } else if (seen == 3) {
          orders.submit(new StrategyOrder(tick.symbol(), -100, tick.timestampNanos(), "t3"));
        }
      }
    };
    List<MarketData> ticks = List.of(tick(1, 100.0), tick(2, 101.0), tick(3, 103.0), tick(4, 99.0));
    BacktestRun run = new BacktestRun("scripted", new StrategyParams(Map.of()), scripted, COSTS, 0, 10_000_000_000L, (t, v, e) -> {});
    ticks.forEach(run);
    double buy = 101.0 * (1 + 1e-4);
    double sell = 99.0 * (1 - 1e-4);
    double fees = 100 * buy * 0.5e-4 + 1 + 100 * sell * 0.5e-4 + 1;
    assertThat(run.pnl()).isCloseTo(100 * (sell - buy) - fees, within(1e-9));
    @SuppressWarnings("unchecked")
    Map<String, Object> total = (Map<String, Object>) run.result().get("total");
    assertThat(total).containsEntry("fills", 2L).containsEntry("roundTrips", 1L).containsEntry("hitRate", 0.0);
    // held from tick 2 to tick 4: two of the three seconds
    assertThat((Double) total.get("exposure")).isCloseTo(2.0 / 3, within(1e-6));
  }

  @Test
  void aStrategyThatThrowsOnSomeTicksSendsThemToTheErrorPathAndTheRunGoesOn() {
    Strategy crossover = new MovingAverageCrossover(new StrategyParams(Map.of("fast", "5", "slow", "20", "quantity", "100")));
    int[] calls = {0};
    Strategy flaky = (tick, orders) -> {
      if (++calls[0] % 50 == 0) {
        throw new IllegalStateException("tick " + calls[0] + " is cursed");
      }
      crossover.onTick(tick, orders);
    };
    List<MarketData> failed = new ArrayList<>();
    BacktestRun run = new BacktestRun("flaky", new StrategyParams(Map.of()), flaky, COSTS, 0, Long.MAX_VALUE / 2, (t, v, e) -> failed.add(t));
    List<MarketData> ticks = realTicks("AZO", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 29));
    ticks.forEach(run);

    assertThat(failed).hasSize(ticks.size() / 50).allMatch(t -> ticks.indexOf(t) % 50 == 49);
    assertThat(run.errors()).isEqualTo(ticks.size() / 50);
    @SuppressWarnings("unchecked")
    Map<String, Object> total = (Map<String, Object>) run.result().get("total");
    assertThat(total.get("errors")).isEqualTo((long) (ticks.size() / 50));
    assertThat(total.get("ticks")).isEqualTo((long) ticks.size());
    // it kept trading after the first error
    @SuppressWarnings("unchecked")
    List<List<Object>> fills = (List<List<Object>>) run.result().get("fills");
    long firstError = failed.get(0).timestampNanos() / 1_000_000L;
    assertThat(fills).anyMatch(f -> ((Number) f.get(0)).longValue() > firstError);
  }

  static List<MarketData> realTicks(String symbol, LocalDate from, LocalDate to) {
    List<MarketData> ticks = new ArrayList<>();
    try (BarReplay replay = BarReplay.builder().directory(BarReplay.DEFAULT_DIRECTORY).symbols(List.of(symbol))
        .window(TimeWindow.days(from, to)).ticksPerBar(1).open()) {
      replay.forEachRemaining(e -> {
        if (e instanceof SourceEvent.Tick t) {
          ticks.add(t.data());
        }
      });
    }
    return ticks;
  }

  private static MarketData tick(int second, double price) {
    return new MarketData("AZO", price, 100, price, 100, price, 10, 10L * second, second * 1_000_000_000L, "T", second);
  }
}
