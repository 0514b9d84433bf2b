package io.marketwire.marketdata;

import io.marketwire.app.FlowCommand;
import io.marketwire.source.TimeWindow;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The market-data flows of seeds 000 and 001, one command each, for one component per terminal.
 * Each runs the same YAML routes as {@code run}, with its options as property overrides.
 */
public final class MarketDataCommands {

  private MarketDataCommands() {}

  /** Route files of this family as a Camel include pattern, e.g. files("producer", "errors"). */
  public static String files(String... names) {
    return FlowCommand.routeFiles("market-data", names);
  }

  @Command(name = "producer", mixinStandardHelpOptions = true, description = "Ticks into the market-data stream (replay of real bars or simulator).")
  public static final class Producer extends FlowCommand {
    @Option(names = "--source", description = "replay or simulator (default from config)")
    String source;

    @Option(names = "--symbols", description = "comma-separated symbols")
    String symbols;

    @Option(names = "--from", description = "first day to replay, e.g. 2024-03-01")
    String from;

    @Option(names = "--to", description = "last day to replay")
    String to;

    @Option(names = "--speed", description = "replay speed: 1 (real time), N, or max")
    String speed;

    @Option(names = "--ticks-per-bar", description = "ticks made of each replayed bar (default 5; 1 = one tick per bar)")
    Integer ticksPerBar;

    @Option(names = "--rate", description = "simulated ticks per second")
    Integer rate;

    @Option(names = "--stream", description = "target stream")
    String stream;

    @Override
    protected String routes() {
      return files("producer", "errors");
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = new LinkedHashMap<>();
      put(o, "marketwire.producer.source", source);
      put(o, "marketwire.replay.symbols", symbols);
      put(o, "marketwire.simulator.symbols", symbols);
      put(o, "marketwire.replay.from", from);
      put(o, "marketwire.replay.to", to);
      put(o, "marketwire.replay.speed", speed);
      put(o, "marketwire.replay.ticks-per-bar", ticksPerBar);
      put(o, "marketwire.simulator.rate", rate);
      put(o, "marketwire.market-data.stream", stream);
      return o;
    }
  }

  @Command(name = "consumers", mixinStandardHelpOptions = true, description = "The independent, filtered and grouped consumers, with lag.")
  public static final class Consumers extends FlowCommand {
    @Option(names = "--symbols", description = "symbols of the filtered consumer")
    String symbols;

    @Option(
        names = "--offset",
        description = "where a consumer without a stored offset starts, e.g. archive=offset:5000, tape=last,"
            + " filtered=timestamp:2026-12-01T14:30:00Z (consumers: tape, archive, filtered)")
    Map<String, String> offsets = new LinkedHashMap<>();

    @Override
    protected String routes() {
      return files("consumers", "errors", "lag");
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = new LinkedHashMap<>();
      put(o, "marketwire.consumers.filtered-symbols", symbols);
      offsets.forEach((consumer, start) -> {
        if (!java.util.Set.of("tape", "archive", "filtered").contains(consumer)) {
          throw new picocli.CommandLine.ParameterException(
              new picocli.CommandLine(this), "--offset: no consumer '" + consumer + "' (tape, archive, filtered)");
        }
        o.put("marketwire.consumers." + consumer + ".offset", start);
      });
      return o;
    }
  }

  @Command(name = "consume", mixinStandardHelpOptions = true, description = "One named consumer from first, last, next, an offset or a timestamp, logging what it reads.")
  public static final class Consume extends FlowCommand {
    @Option(names = "--name", description = "consumer name; its offset is stored under it (default from config)")
    String name;

    @Option(names = "--offset", description = "first, last, next, offset:N or timestamp:T (ISO-8601 or epoch millis); for a name without a stored offset")
    String offset;

    @Option(names = "--symbols", description = "comma-separated symbols (default all)")
    String symbols;

    @Option(names = "--stream", description = "stream (default marketwire.market-data.stream)")
    String stream;

    @Override
    protected String routes() {
      return files("consume", "errors");
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = new LinkedHashMap<>();
      o.put("marketwire.consume.enabled", "true");
      put(o, "marketwire.consume.name", name);
      put(o, "marketwire.consume.offset", offset);
      put(o, "marketwire.consume.symbols", symbols);
      put(o, "marketwire.market-data.stream", stream);
      return o;
    }
  }

  @Command(name = "vwap", mixinStandardHelpOptions = true, description = "The batching consumer: per-batch and day VWAP, high, low.")
  public static final class Vwap extends FlowCommand {
    @Option(names = "--batch-size", description = "ticks per batch at most (default 1000)")
    Integer batchSize;

    @Option(names = "--batch-timeout", description = "a partial batch is handed over this long after its first tick (default 100ms)")
    String batchTimeout;

    @Option(names = "--name", description = "consumer name (offsets and state are kept under it)")
    String name;

    @Override
    protected String routes() {
      return files("vwap", "errors");
    }

    @Override
    protected Map<String, String> overrides() {
      Map<String, String> o = new LinkedHashMap<>();
      put(o, "marketwire.vwap.batch-size", batchSize);
      put(o, "marketwire.vwap.batch-timeout", batchTimeout);
      put(o, "marketwire.vwap.consumer-name", name);
      return o;
    }
  }

  @Command(name = "exchanges", mixinStandardHelpOptions = true, description = "Feeds per exchange, merged into unified_market_data, with NBBO.")
  public static final class Exchanges extends FlowCommand {
    @Override
    protected String routes() {
      return files("exchanges", "errors");
    }
  }

  @Command(name = "audit", mixinStandardHelpOptions = true, description = "Trading activity into the trading_audit_log stream, with the live state.")
  public static final class Audit extends FlowCommand {
    @Override
    protected String routes() {
      return files("audit");
    }
  }

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
      return FlowCommand.routeFiles("market-data/replay", "replay");
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
      return FlowCommand.routeFiles("market-data/audit-rebuild", "audit-rebuild");
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
