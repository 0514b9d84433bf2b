package io.marketwire.app;

import picocli.CommandLine.Command;

/**
 * {@code ./marketwire dashboard}: the dashboard with the market-data flows that feed its main
 * panels (replay producer, consumers, VWAP batcher, lag) and the SCP's log-in. {@code
 * ./marketwire run} serves the same dashboard with every flow. A launcher's class, like {@code run}:
 * it picks route files of several families, and keeps {@code io.marketwire.dashboard} free of any
 * dependency on the launcher (the flow families depend on the dashboard for its panel interface).
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
    description = "Live dashboard on /dashboard/ with the market-data flows and the SCP log-in.")
public final class DashboardCommand extends FlowCommand {

  /** The route files the command (and the browser test) loads. */
  public static final String ROUTES =
      "file:routes/market-data/producer.camel.yaml,file:routes/market-data/consumers.camel.yaml,"
          + "file:routes/market-data/errors.camel.yaml,file:routes/market-data/vwap.camel.yaml,"
          + "file:routes/market-data/lag.camel.yaml,file:routes/dataplane/scp.camel.yaml,"
          + "file:routes/dashboard/dashboard.camel.yaml";

  @Override
  protected String routes() {
    return ROUTES;
  }
}
