package io.marketwire.backtest;

import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The beans routes/backtest calls by name: {@code backtestReports} (the REST routes) and {@code
 * liveStrategy} (the live strategy route), from {@code marketwire.backtest.*} and {@code
 * marketwire.strategy.live.*} in config/.
 */
public class BacktestConfiguration implements CamelConfiguration {

  @Override
  public void configure(CamelContext context) {
    PropertiesComponent props = context.getPropertiesComponent();
    var registry = context.getRegistry();
    registry.bind(
        "backtestReports",
        new BacktestReports(
            Path.of(props.resolveProperty("marketwire.backtest.report-directory").orElse("target/backtests")),
            Integer.parseInt(props.resolveProperty("marketwire.backtest.reports-listed").orElse("10").trim())));
    StrategyCatalog catalog = new StrategyCatalog(props::resolveProperty);
    String name = props.resolveProperty("marketwire.strategy.live.strategy").orElse("ma-crossover").trim();
    registry.bind(
        "liveStrategy",
        new LiveStrategy(name, catalog.create(name, catalog.params(name, Map.of())), props.resolveProperty("marketwire.strategy.live.region").orElse("US").trim()));
  }
}
