package io.marketwire.bench;

import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.app.Flows;
import io.marketwire.marketdata.VwapBatcher;
import io.marketwire.source.TicksConsumer;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.RunningApp;
import java.util.HashMap;
import java.util.List;
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

  @Option(
      names = "--simulator-rate",
      defaultValue = "0",
      description = "instead of the replay, run the simulator at this many ticks/s and measure the latency from a tick's timestamp to its VWAP batch result")
  int simulatorRate;

  @Option(
      names = "--ticks-per-bar",
      defaultValue = "5",
      description = "ticks the replay makes of each minute bar (1: one tick at the bar's VWAP with its volume)")
  int ticksPerBar;

  @Option(names = "--warmup", defaultValue = "10", description = "seconds of the simulator run left out of the latency figures (start-up, JIT)")
  int warmup;

  @Option(names = "--seconds", defaultValue = "30", description = "how long the simulator run lasts")
  int seconds;

  @Option(
      names = "--partitions",
      defaultValue = "0",
      description = "0: one plain stream; N: a super stream of N partitions routed by symbol (docs/scaling.md)")
  int partitions;

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    return simulatorRate > 0 ? latency() : replay();
  }

  /**
   * Simulator at a fixed rate → producer → stream → VWAP batches; each batch result carries the
   * timestamp of its last tick, so result arrival minus that time is the tick-to-VWAP latency
   * (including the wait for the batch to close, up to batch-timeout).
   */
  private int latency() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String stream = "bench-md-" + id;
    String vwapStream = "bench-vwap-" + id;
    Map<String, String> o = new HashMap<>();
    o.put("camel.server.enabled", "false");
    o.put("camel.management.enabled", "false");
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.market-data.errors-stream", "bench-err-" + id);
    o.put("marketwire.vwap.stream", vwapStream);
    o.put("marketwire.vwap.consumer-name", "bench-" + id);
    partitioned(o);
    o.put("marketwire.producer.source", "simulator");
    o.put("marketwire.replay.symbols", symbols);
    o.put("marketwire.simulator.rate", Integer.toString(simulatorRate));
    org.HdrHistogram.Histogram micros = new org.HdrHistogram.Histogram(3_600_000_000L, 3);
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    try (BrokerAdmin admin = new BrokerAdmin();
        RunningApp app = RunningApp.start(Flows.routes("market-data/producer", "market-data/vwap"), o)) {
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> admin.environment().streamExists(vwapStream));
      long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
      try (var results =
          admin.environment().consumerBuilder().stream(vwapStream).offset(com.rabbitmq.stream.OffsetSpecification.next())
              .messageHandler(
                  (ctx, m) -> {
                    long nowNanos = System.currentTimeMillis() * 1_000_000L;
                    if (System.nanoTime() < warmupEnd) {
                      return;
                    }
                    try {
                      long tickNanos = json.readTree(m.getBodyAsBinary()).get("last_timestamp_ns").asLong();
                      synchronized (micros) {
                        micros.recordValue(Math.max(0, (nowNanos - tickNanos) / 1000));
                      }
                    } catch (java.io.IOException e) {
                      throw new IllegalStateException(e);
                    }
                  })
              .build()) {
        VwapBatcher vwap = app.context().getRegistry().lookupByNameAndType("vwapBatcher", VwapBatcher.class);
        while (System.nanoTime() < warmupEnd) {
          Thread.sleep(50);
        }
        long ticksAtStart = ticksIn(vwap);
        long measuredFrom = System.nanoTime();
        for (int s = 1; s <= seconds; s++) {
          Thread.sleep(1000);
          synchronized (micros) {
            System.out.printf("%3d s  %,d VWAP results, p50 %.1f ms, p99 %.1f ms%n", s, micros.getTotalCount(),
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0);
          }
        }
        // the rate the VWAP consumer actually sustained: below the simulator's, it is falling behind
        double sustained = (ticksIn(vwap) - ticksAtStart) / ((System.nanoTime() - measuredFrom) / 1e9);
        synchronized (micros) {
          System.out.printf(
              "%nRESULT partitions %d, simulator %d ticks/s, %d s after %d s warm-up: %,.0f ticks/s into VWAP batches; tick-to-VWAP-result latency p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d batch results)%n",
              partitions, simulatorRate, seconds, warmup, sustained, micros.getValueAtPercentile(50) / 1000.0,
              micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0, micros.getTotalCount());
        }
      }
    } finally {
      try (BrokerAdmin cleanup = new BrokerAdmin()) {
        cleanup.deleteStreams(stream, vwapStream, "bench-err-" + id);
        deleteMarketData(cleanup, stream, id);
      }
    }
    return 0;
  }

  /** With --partitions N: the market data on a super stream of N partitions. */
  private void partitioned(Map<String, String> o) {
    if (partitions > 0) {
      o.put("marketwire.market-data.super-stream", "true");
      o.put("marketwire.market-data.partitions", Integer.toString(partitions));
    }
  }

  /** The run's market-data stream (or super stream) and the VWAP books saved for it. */
  private void deleteMarketData(BrokerAdmin admin, String stream, String id) {
    java.util.List<String> keys = new java.util.ArrayList<>();
    if (partitions > 0) {
      try {
        admin.environment().deleteSuperStream(stream);
      } catch (RuntimeException ignored) {
        // not declared
      }
      for (int i = 0; i < partitions; i++) {
        keys.add(VwapBatcher.stateKey("bench-" + id, stream, stream + "-" + i));
      }
    } else {
      admin.deleteStreams(stream);
      keys.add(VwapBatcher.stateKey("bench-" + id, stream, stream));
    }
    for (String state : List.copyOf(keys)) {
      keys.add(VwapBatcher.offsetKey(state));
    }
    admin.deleteRedisKeys(keys.toArray(String[]::new));
  }

  private static long ticksIn(VwapBatcher vwap) throws Exception {
    return vwap.book().all().values().stream().mapToLong(SymbolStatsSnapshot::count).sum();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private int replay() throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    String stream = "bench-md-" + id;
    Map<String, String> o = new HashMap<>();
    o.put("camel.server.enabled", "false");
    o.put("camel.management.enabled", "false");
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.market-data.errors-stream", "bench-err-" + id);
    o.put("marketwire.vwap.stream", "bench-vwap-" + id);
    o.put("marketwire.vwap.consumer-name", "bench-" + id);
    partitioned(o);
    o.put("marketwire.replay.symbols", symbols);
    o.put("marketwire.replay.from", from);
    o.put("marketwire.replay.to", to);
    o.put("marketwire.replay.speed", "max");
    o.put("marketwire.replay.ticks-per-bar", Integer.toString(ticksPerBar));
    try (BrokerAdmin admin = new BrokerAdmin()) {
      long start = System.nanoTime();
      long producedAt = 0;
      try (RunningApp app = RunningApp.start(Flows.routes("market-data/producer", "market-data/vwap"), o)) {
        long startedAt = System.nanoTime();
        long cpuAtStart = processCpuNanos();
        VwapBatcher vwap = app.context().getRegistry().lookupByNameAndType("vwapBatcher", VwapBatcher.class);
        long lastCount = -1;
        long stableSince = System.nanoTime();
        while (true) {
          Thread.sleep(1000);
          long count = ticksIn(vwap);
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
        double running = (stableSince - startedAt) / 1e9;
        // CPU of this JVM (producer, consumer, Camel) per tick: steadier than wall time on a shared
        // machine; it leaves out the brokers and the idle seconds after the last batch
        double cpuMicrosPerTick = (processCpuNanos() - cpuAtStart) / 1e3 / Math.max(1, lastCount);
        System.out.printf(
            "%nRESULT partitions %d, replay %s..%s %s (%s ticks per bar): %,d ticks end to end in %.1f s with start-up, %.1f s after start = %,.0f ticks/s;"
                + " producer finished %.1f s after start; app CPU %.1f µs per tick%n",
            partitions, from, to, symbols, ticksPerBar, lastCount, total, running, lastCount / running, (producedAt - startedAt) / 1e9,
            cpuMicrosPerTick);
      } finally {
        admin.deleteStreams(stream, "bench-err-" + id, "bench-vwap-" + id);
        deleteMarketData(admin, stream, id);
      }
    }
    return 0;
  }
}
