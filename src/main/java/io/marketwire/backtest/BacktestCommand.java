package io.marketwire.backtest;

import com.rabbitmq.stream.Environment;
import io.marketwire.cli.ConfiguredCommand;
import io.marketwire.cli.ContributedCommand;
import io.marketwire.component.stream.RabbitMqStreamEnvironments;
import io.marketwire.config.BrokerSettings;
import io.marketwire.config.LayeredProperties;
import io.marketwire.marketdata.MarketDataPartitions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./marketwire backtest}: publishes the range into the market-data stream with the live
 * producer route (exactly once, see {@link RangePublisher}), reads it back with a consumer per
 * strategy variant, and writes the report (JSON, table, equity chart) under the report directory.
 */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = "Backtest strategies on a range of the market-data stream; report P&L, drawdown, Sharpe, ... and an equity chart.")
public final class BacktestCommand extends ConfiguredCommand implements ContributedCommand {

  @Option(names = "--strategy", required = true, split = ",", description = "strategy names, comma-separated (marketwire.backtest.strategies)")
  List<String> strategies;

  @Option(names = "--symbols", required = true, description = "comma-separated symbols")
  String symbols;

  @Option(names = "--from", required = true, description = "first day (UTC), e.g. 2024-03-01")
  LocalDate from;

  @Option(names = "--to", required = true, description = "last day (UTC), inclusive")
  LocalDate to;

  @Option(names = "--param", description = "k=v or k=v1,v2,... (a sweep); NAME.k=v for one strategy only")
  List<String> params = new ArrayList<>();

  @Option(names = "--ticks-per-bar", description = "ticks made of each bar (default marketwire.backtest.ticks-per-bar)")
  Integer ticksPerBar;

  @Option(names = "--stream", description = "the market-data stream (default marketwire.market-data.stream)")
  String stream;

  @Option(names = "--capital", description = "initial capital (default marketwire.backtest.initial-capital)")
  Double capital;

  @Option(names = "--fee-bps", description = "fee in bps of notional (default marketwire.backtest.fee-bps)")
  Double feeBps;

  @Option(names = "--fee-per-order", description = "fee per fill (default marketwire.backtest.fee-per-order)")
  Double feePerOrder;

  @Option(names = "--slippage-bps", description = "slippage in bps (default marketwire.backtest.slippage-bps)")
  Double slippageBps;

  @Option(names = "--replay-directory", description = "the minute-bar files (default marketwire.replay.directory)")
  String replayDirectory;

  @Option(names = "--report-directory", description = "where reports go (default marketwire.backtest.report-directory)")
  Path reportDirectory;

  @Override
  public Integer call() throws Exception {
    LayeredProperties config = config();
    StrategyCatalog catalog = new StrategyCatalog(config::get);
    Costs costs = new Costs(
        or(capital, config, "marketwire.backtest.initial-capital"),
        or(feeBps, config, "marketwire.backtest.fee-bps"),
        or(feePerOrder, config, "marketwire.backtest.fee-per-order"),
        or(slippageBps, config, "marketwire.backtest.slippage-bps"));
    BacktestSpec spec = new BacktestSpec(
        stream != null ? stream : config.require("marketwire.market-data.stream"),
        StrategyCatalog.split(symbols),
        from,
        to,
        ticksPerBar != null ? ticksPerBar : config.requireInt("marketwire.backtest.ticks-per-bar"),
        Optional.ofNullable(replayDirectory),
        costs,
        ParamSweep.variants(catalog, strategies, params));
    // every variant's parameters are checked before anything is published
    spec.variants().forEach(v -> catalog.create(v.strategy(), v.params()));
    ReplayedRange range = new RangePublisher(profile()).publish(spec);
    System.out.printf("range %s: %,d ticks (%s)%n", range.producerName(), range.ticks(),
        range.alreadyStored() >= range.ticks() ? "already in the stream" : "published now");
    BacktestReports reports = new BacktestReports(
        reportDirectory != null ? reportDirectory : Path.of(config.require("marketwire.backtest.report-directory")), config.requireInt("marketwire.backtest.reports-listed"));
    try (Environment env = RabbitMqStreamEnvironments.create(BrokerSettings.from(config));
        StreamErrorPath errors = new StreamErrorPath(env, config.require("marketwire.market-data.errors-stream"), spec.stream())) {
      List<String> partitions =
          Boolean.parseBoolean(config.require("marketwire.market-data.super-stream").trim())
              ? MarketDataPartitions.names(spec.stream(), config.requireInt("marketwire.market-data.partitions"))
              : List.of();
      Backtest.Outcome outcome = new Backtest(env, catalog, errors, partitions).run(spec, range);
      Path folder = reports.write(outcome.report());
      System.out.print(ReportTable.render(outcome.report()));
      outcome.speeds().forEach(System.out::println);
      System.out.println("report: " + folder.resolve("report.json") + ", " + folder.resolve("report.txt") + ", chart " + folder.resolve("equity.html"));
    }
    return 0;
  }

  private static double or(Double option, LayeredProperties config, String key) {
    return option != null ? option : Double.parseDouble(config.require(key).trim());
  }
}
