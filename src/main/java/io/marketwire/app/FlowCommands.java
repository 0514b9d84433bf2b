package io.marketwire.app;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Every command of {@code ./marketwire} that runs the app or one of its flows. */
@Command(
    name = "marketwire",
    mixinStandardHelpOptions = true,
    description = "Market data and orders through RabbitMQ and Redis.",
    subcommands = {
      FlowCommands.Run.class,
      io.marketwire.marketdata.MarketDataCommands.Producer.class,
      io.marketwire.marketdata.MarketDataCommands.Consumers.class,
      io.marketwire.marketdata.MarketDataCommands.Consume.class,
      io.marketwire.marketdata.MarketDataCommands.Vwap.class,
      io.marketwire.marketdata.MarketDataCommands.Exchanges.class,
      io.marketwire.marketdata.MarketDataCommands.Audit.class,
      io.marketwire.marketdata.MarketDataCommands.Replay.class,
      io.marketwire.marketdata.MarketDataCommands.AuditRebuild.class,
      io.marketwire.backtest.BacktestCommand.class,
      io.marketwire.orders.OrdersCommands.class,
      io.marketwire.dataplane.DataplaneCommands.Mdl.class,
      io.marketwire.dataplane.DataplaneCommands.Mdp.class,
      io.marketwire.dataplane.DataplaneCommands.Wds.class,
      io.marketwire.dataplane.DataplaneCommands.Scp.class,
      DashboardCommand.class,
      io.marketwire.quotes.QuotesCommands.class,
      io.marketwire.chaos.ChaosCommand.class
    })
public final class FlowCommands {

  static int execute(String command, String profile, String[] args) {
    CommandLine cli = new CommandLine(new FlowCommands());
    cli.setExecutionStrategy(
        parse -> {
          Object user = parse.asCommandLineList().get(parse.asCommandLineList().size() - 1).getCommand();
          if (user instanceof ProfileAware aware) {
            aware.profile(profile);
          }
          return new CommandLine.RunLast().execute(parse);
        });
    String[] full = new String[args.length + 1];
    full[0] = command;
    System.arraycopy(args, 0, full, 1, args.length);
    return cli.execute(full);
  }

  /** The whole system: every route in {@code routes/}. */
  @Command(name = "run", description = "Run every flow (the whole system with its dashboard).")
  public static final class Run extends FlowCommand {
    @Override
    protected String routes() {
      return null; // camel.main.routes-include-pattern from config/: everything
    }

    @Override
    protected Map<String, String> overrides() {
      return super.overrides();
    }
  }
}
