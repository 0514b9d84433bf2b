package io.marketwire.bench;

import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.marketdata.MarketDataCommands;
import io.marketwire.marketdata.VwapBatcher;
import io.marketwire.source.TicksConsumer;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.RunningApp;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End to end through the real routes: bar replay → producer route → market-data stream →
 * batching VWAP consumer route, as fast as possible, on fresh streams. Reports the time until the
 * last tick is in a VWAP batch, ticks and bars per second, with progress every second.
 *
 * <p>Run: {@code ./marketwire bench PipelineBenchmark [--from 2024-01-01 --to 2024-12-31]}
 */
@Command(name = "pipeline-benchmark", mixinStandardHelpOptions = true)
public final class PipelineBenchmark implements Callable<Integer> {

  @Option(names = "--from", defaultValue = "2024-01-01")
  String from;

  @Option(names = "--to", defaultValue = "2024-12-31")
  String to;

  @Option(names = "--symbols", defaultValue = "AZO,BKNG,CPAY,FDS,GWW,LII")
  String symbols;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String stream = "bench-md-" + id;
    Map<String, String> o = new HashMap<>();
    o.put("camel.server.enabled", "false");
    o.put("camel.management.enabled", "false");
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.market-data.errors-stream", "bench-err-" + id);
    o.put("marketwire.vwap.stream", "bench-vwap-" + id);
    o.put("marketwire.vwap.consumer-name", "bench-" + id);
    o.put("marketwire.replay.symbols", symbols);
    o.put("marketwire.replay.from", from);
    o.put("marketwire.replay.to", to);
    o.put("marketwire.replay.speed", "max");
    try (BrokerAdmin admin = new BrokerAdmin()) {
      long start = System.nanoTime();
      long producedAt = 0;
      try (RunningApp app = RunningApp.start(MarketDataCommands.files("producer", "vwap", "errors"), o)) {
        VwapBatcher vwap = app.context().getRegistry().lookupByNameAndType("vwapBatcher", VwapBatcher.class);
        long lastCount = -1;
        long stableSince = System.nanoTime();
        while (true) {
          Thread.sleep(1000);
          long count = vwap.book().all().values().stream().mapToLong(SymbolStatsSnapshot::count).sum();
          boolean producerDone =
              app.context().getRoute("market-data-producer").getConsumer() instanceof TicksConsumer t && t.isFinished();
          if (producerDone && producedAt == 0) {
            producedAt = System.nanoTime();
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          System.out.printf("%6.1f s  %,d ticks in VWAP batches (%,.0f/s)%s%n", seconds, count, count / seconds, producerDone ? "  producer done" : "");
          if (count != lastCount) {
            lastCount = count;
            stableSince = System.nanoTime();
          } else if (producerDone && System.nanoTime() - stableSince > 3_000_000_000L) {
            break;
          }
        }
        double total = (stableSince - start) / 1e9;
        System.out.printf(
            "%nRESULT replay %s..%s %s: %,d ticks end to end in %.1f s = %,.0f ticks/s; producer finished after %.1f s%n",
            from, to, symbols, lastCount, total, lastCount / total, (producedAt - start) / 1e9);
      } finally {
        admin.deleteStreams(stream, "bench-err-" + id, "bench-vwap-" + id);
        admin.deleteRedisKeys("marketwire:vwap:bench-" + id + ":state");
      }
    }
    return 0;
  }
}
