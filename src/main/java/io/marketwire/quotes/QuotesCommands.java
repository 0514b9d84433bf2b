package io.marketwire.quotes;

import io.marketwire.app.FlowCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./marketwire quotes <component>}: one component of the stock-quote flows per terminal,
 * as seed 002 runs them (all of them run together in {@code run}). Each is the same Camel Main
 * with a subset of routes/quotes/.
 */
@Command(
    name = "quotes",
    description = "Stock quotes on the stock_quotes Redis stream: producer, consumers, API.",
    mixinStandardHelpOptions = true,
    subcommands = {
      QuotesCommands.Producer.class,
      QuotesCommands.Alerts.class,
      QuotesCommands.Volume.class,
      QuotesCommands.Technical.class,
      QuotesCommands.Events.class,
      QuotesCommands.Api.class
    })
public final class QuotesCommands {

  static String files(String... names) {
    return FlowCommand.routeFiles("quotes", names);
  }

  @Command(name = "producer", description = "Quotes from the simulator or the bar replay into stock_quotes.")
  public static final class Producer extends FlowCommand {
    @Option(names = "--source", description = "simulator or replay (default: marketwire.quotes.source).")
    String source;

    @Option(names = "--rate", description = "Simulated quotes per second (default: marketwire.quotes.simulator.rate).")
    Double rate;

    @Option(names = "--count", description = "Stop after N quotes (default: marketwire.quotes.max-ticks, 0 = endless).")
    Long count;

    @Override
    protected String routes() {
      return files("producer");
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = new LinkedHashMap<>();
      put(o, "marketwire.quotes.source", source);
      put(o, "marketwire.quotes.simulator.rate", rate);
      put(o, "marketwire.quotes.max-ticks", count);
      return o;
    }
  }

  @Command(name = "alerts", description = "Price alerts (group price_alerts) and seed 002's change alerts (group stock_analyzers): stored and pushed.")
  public static final class Alerts extends FlowCommand {
    @Override
    protected String routes() {
      return files("alerts", "change-alerts", "alert-out");
    }
  }

  @Command(name = "volume", description = "Volume spikes against a rolling average (group volume_analysis).")
  public static final class Volume extends FlowCommand {
    @Override
    protected String routes() {
      return files("volume", "alert-out");
    }
  }

  @Command(name = "technical", description = "SMA, EMA and RSI per symbol (group technical_analysis).")
  public static final class Technical extends FlowCommand {
    @Override
    protected String routes() {
      return files("technical");
    }
  }

  @Command(name = "events", description = "Session open/close, gaps, halts (group market_events).")
  public static final class Events extends FlowCommand {
    @Override
    protected String routes() {
      return files("events", "alert-out");
    }
  }

  @Command(name = "api", description = "Quote history writer (group quote_history), REST API and WebSocket push.")
  public static final class Api extends FlowCommand {
    @Override
    protected String routes() {
      return files("history", "api");
    }
  }
}
