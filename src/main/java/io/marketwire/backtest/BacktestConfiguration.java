package io.marketwire.backtest;

import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;

/**
 * The beans routes/backtest calls by name: {@code backtestReports} (the REST routes) and {@code
 * liveStrategy} (the live strategy route), from {@code marketwire.backtest.*} and {@code
 * marketwire.strategy.live.*} in config/.
 */
public class BacktestConfiguration implements CamelConfiguration {

  @PropertyInject("marketwire.backtest.report-directory")
  private String reportDirectory;

  @PropertyInject("marketwire.backtest.reports-listed")
  private int reportsListed;

  @PropertyInject("marketwire.strategy.live.strategy")
  private String liveStrategy;

  @PropertyInject("marketwire.strategy.live.region")
  private String liveRegion;

  // blank for an unnamed process
  @PropertyInject("marketwire.instance")
  private String instance;

  @Override
  public void configure(CamelContext context) {
    var registry = context.getRegistry();
    registry.bind("backtestReports", new BacktestReports(Path.of(reportDirectory.trim()), reportsListed));
    // the catalog's keys are named after the strategies it lists, so it looks them up itself
    StrategyCatalog catalog = new StrategyCatalog(context.getPropertiesComponent()::resolveProperty);
    String name = liveStrategy.trim();
    registry.bind(
        "liveStrategy", new LiveStrategy(name, catalog.create(name, catalog.params(name, Map.of())), liveRegion.trim(), instance.trim()));
  }
}
