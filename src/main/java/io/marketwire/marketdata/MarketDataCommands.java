package io.marketwire.marketdata;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rabbitmq.stream.Environment;
import io.marketwire.analytics.ReplaySummary;
import io.marketwire.audit.AuditRebuilder;
import io.marketwire.audit.AuditState;
import io.marketwire.config.BrokerSettings;
import io.marketwire.config.LayeredProperties;
import io.marketwire.config.StreamEnvironments;
import io.marketwire.source.TimeWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The two market-data commands that are not a flow of routes: {@code replay} (a bounded read of the
 * stream, summarised) and {@code audit-rebuild} (the audit log folded again). Every other flow
 * runs with {@code ./marketwire run FLOW}.
 */
public final class MarketDataCommands {

  private MarketDataCommands() {}

  @Command(name = "replay", mixinStandardHelpOptions = true, description = "Replay the stream (all, a time range, chosen symbols), bounded, and summarise.")
  public static final class Replay extends io.marketwire.app.ConfiguredCommand {
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
    public Integer call() throws Exception {
      LayeredProperties config = config();
      String name = stream != null ? stream : config.get("marketwire.market-data.stream", "market-data");
      TimeWindow window = (from == null && to == null) ? null : TimeWindow.parse(from, to);
      Set<String> wanted = symbols == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(symbols.split("\\s*,\\s*")));
      Duration timeout = timeoutSeconds == null ? null : Duration.ofSeconds(timeoutSeconds);
      try (Environment env = StreamEnvironments.create(BrokerSettings.from(config));
          TickExport ticks = export == null ? null : new TickExport(export, TickExport.Format.parse(exportFormat))) {
        ReplaySummary summary =
            new StreamReplay(env).replay(name, start(window), end(window), wanted, timeout, ticks == null ? tick -> {} : ticks);
        System.out.print(summary.toTable());
        Files.createDirectories(json.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), summary.toMap());
        System.out.println("summary written to " + json + (export == null ? "" : ", ticks per symbol in " + export));
        return summary.isTimedOut() ? 2 : 0;
      }
    }
  }

  @Command(name = "audit-rebuild", mixinStandardHelpOptions = true, description = "Rebuild positions and open orders from the audit log.")
  public static final class AuditRebuild extends io.marketwire.app.ConfiguredCommand {
    @Option(names = "--stream", description = "audit stream (default marketwire.audit.stream)")
    String stream;

    @Override
    public Integer call() throws Exception {
      LayeredProperties config = config();
      String name = stream != null ? stream : config.get("marketwire.audit.stream", "trading_audit_log");
      try (Environment env = StreamEnvironments.create(BrokerSettings.from(config))) {
        AuditState state = new AuditRebuilder(env).rebuild(name);
        System.out.print(state.report());
      }
      return 0;
    }
  }

  private static java.time.Instant start(TimeWindow window) {
    return window == null || window.fromEpochMillis() == Long.MIN_VALUE
        ? null
        : java.time.Instant.ofEpochMilli(window.fromEpochMillis());
  }

  private static java.time.Instant end(TimeWindow window) {
    return window == null || window.toEpochMillis() == Long.MAX_VALUE
        ? null
        : java.time.Instant.ofEpochMilli(window.toEpochMillis());
  }
}
