package io.marketwire.backtest;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What one backtest command runs: a range of the market-data stream and the strategy variants to
 * run side by side on it.
 *
 * @param stream the market-data stream to publish the range into and read it from
 * @param symbols the symbols, in the order given
 * @param from first day (UTC), inclusive
 * @param to last day (UTC), inclusive
 * @param ticksPerBar ticks the replay makes of each minute bar (1: a tick is a bar)
 * @param replayDirectory the minute-bar files, when not the configured ones
 * @param costs capital, fees and slippage
 * @param variants each strategy with each of its parameter sets
 */
public record BacktestSpec(
    String stream,
    List<String> symbols,
    LocalDate from,
    LocalDate to,
    int ticksPerBar,
    Optional<String> replayDirectory,
    Costs costs,
    List<Variant> variants) {

  /** One strategy with one parameter set. */
  public record Variant(String strategy, StrategyParams params) {
    public String name() {
      return strategy + "(" + params + ")";
    }
  }

  public BacktestSpec {
    symbols = List.copyOf(symbols);
    variants = List.copyOf(variants);
    if (symbols.isEmpty()) {
      throw new IllegalArgumentException("name the symbols to backtest (--symbols)");
    }
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
  }

  long startNanos() {
    return from.atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
  }

  long endNanos() {
    return to.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
  }
}
