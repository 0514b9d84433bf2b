package io.marketwire.cli;

import io.marketwire.app.Flows;
import io.marketwire.marketdata.ReplayFold;
import io.marketwire.marketdata.TickExport;
import io.marketwire.source.TimeWindow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The two market-data commands that compute settings from their options before the routes run:
 * {@code replay} (a bounded read of a time range, summarised) and {@code audit-rebuild} (the audit
 * log folded again). Both run routes of {@code routes/market-data/} that read to the stream's end
 * and then end the command; every other flow runs with {@code ./marketwire run FLOW}.
 */
public final class MarketDataCommands {

  private MarketDataCommands() {}

  @Command(name = "replay", mixinStandardHelpOptions = true, description = "Replay the stream (all, a time range, chosen symbols), bounded, and summarise.")
  public static final class Replay extends FlowCommand {
    @Option(names = "--stream", description = "stream to replay (default marketwire.market-data.stream)")
    String stream;

    @Option(names = "--from", description = "start: ISO date or instant")
    String from;

    @Option(names = "--to", description = "end: ISO date (inclusive) or instant (exclusive)")
    String to;

    @Option(names = "--symbols", description = "comma-separated symbols (default all)")
    String symbols;

    @Option(names = "--json", description = "write the summary as JSON here", defaultValue = "target/replay-summary.json")
    Path json;

    @Option(names = "--timeout-seconds", description = "stop after this long even before the end of the range (seed 000's timeout_seconds); exit 2 then")
    Long timeoutSeconds;

    @Option(names = "--export", description = "also write the ticks here, one file per symbol (SYMBOL.jsonl or SYMBOL.csv)")
    Path export;

    @Option(names = "--export-format", description = "jsonl (seed 000's JSON, one tick a line) or csv (default ${DEFAULT-VALUE})", defaultValue = "jsonl")
    String exportFormat;

    @Override
    protected String routes() {
      return Flows.routes("market-data/replay");
    }

    @Override
    protected boolean bounded() {
      return true;
    }

    @Override
    protected Map<String, String> overrides() {
      TimeWindow window = (from == null && to == null) ? null : TimeWindow.parse(from, to);
      TickExport.Format.parse(exportFormat); // a wrong format fails here, before anything runs
      Map<String, String> o = new LinkedHashMap<>();
      o.put("marketwire.stream-replay.enabled", "true");
      put(o, "marketwire.stream-replay.stream", stream);
      put(o, "marketwire.stream-replay.from", from);
      put(o, "marketwire.stream-replay.to", to);
      put(o, "marketwire.stream-replay.symbols", symbols);
      Instant start = start(window);
      o.put("marketwire.stream-replay.offset", start == null ? "first" : "timestamp:" + ReplayFold.startMillis(start));
      put(o, "marketwire.stream-replay.json", json);
      put(o, "marketwire.stream-replay.export", export);
      put(o, "marketwire.stream-replay.export-format", exportFormat);
      put(o, "marketwire.stream-replay.timeout-seconds", timeoutSeconds);
      return o;
    }
  }

  @Command(name = "audit-rebuild", mixinStandardHelpOptions = true, description = "Rebuild positions and open orders from the audit log.")
  public static final class AuditRebuild extends FlowCommand {
    @Option(names = "--stream", description = "audit stream (default marketwire.audit.stream)")
    String stream;

    @Override
    protected String routes() {
      return Flows.routes("market-data/audit-rebuild");
    }

    @Override
    protected boolean bounded() {
      return true;
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("marketwire.audit-rebuild.enabled", "true");
      put(o, "marketwire.audit-rebuild.stream", stream);
      return o;
    }
  }

  private static Instant start(TimeWindow window) {
    return window == null || window.fromEpochMillis() == Long.MIN_VALUE
        ? null
        : Instant.ofEpochMilli(window.fromEpochMillis());
  }
}
