package io.marketwire.bench;

import io.marketwire.app.Flows;
import io.marketwire.marketdata.VwapBatcher;
import io.marketwire.source.TicksConsumer;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.RunningApp;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
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

  @Option(
      names = "--instances",
      defaultValue = "1",
      description = "app instances running the VWAP flow (each its own Camel context in this JVM, as single active consumers per partition); the first also runs the producer")
  int instances;

  @Option(names = "--profile", defaultValue = "test", description = "the brokers' profile: test (the single node) or cluster (dev/services up --nodes 3)")
  String profile;

  @Option(
      names = "--sustained",
      description =
          "find the highest simulator rate whose tick-to-VWAP p99 stays under --p99-limit-ms and that the VWAP consumer keeps up with:"
              + " doubles the rate from --simulator-rate (default 10000) until a step fails, then halves the gap --refine times;"
              + " each step is a fresh run of --warmup + --seconds")
  boolean sustainedSearch;

  @Option(names = "--p99-limit-ms", defaultValue = "50", description = "the p99 a sustained rate must stay under")
  double p99LimitMs;

  @Option(names = "--max-rate", defaultValue = "320000", description = "the highest rate the sustained search tries")
  int maxRate;

  @Option(names = "--refine", defaultValue = "2", description = "bisection steps of the sustained search after the first failing rate")
  int refine;

  /** One fixed-rate run: what the VWAP consumer sustained and the tick-to-result latency. */
  record LatencyResult(int offered, double sustained, double p50Ms, double p99Ms, double maxMs, long results) {
    /** Kept up (within 3 %, the seconds' rounding) with the p99 under the limit. */
    boolean holds(double p99LimitMs) {
      return sustained >= offered * 0.97 && p99Ms < p99LimitMs && results > 0;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (sustainedSearch) {
      return sustained();
    }
    if (simulatorRate > 0) {
      latency(simulatorRate);
      return 0;
    }
    return replay();
  }

  /**
   * The highest rate that holds (kept up, p99 under the limit): doubling from the start rate until
   * a step fails, then bisecting between the last rate that held and the first that did not.
   */
  private int sustained() throws Exception {
    int rate = simulatorRate > 0 ? simulatorRate : 10_000;
    LatencyResult best = null;
    Integer failedAt = null;
    while (rate <= maxRate) {
      LatencyResult r = latency(rate);
      if (!r.holds(p99LimitMs)) {
        failedAt = rate;
        break;
      }
      best = r;
      rate *= 2;
    }
    for (int i = 0; i < refine && failedAt != null && best != null; i++) {
      int mid = (best.offered() + failedAt) / 2;
      LatencyResult r = latency(mid);
      if (r.holds(p99LimitMs)) {
        best = r;
      } else {
        failedAt = mid;
      }
    }
    if (best == null) {
      System.out.printf(
          Locale.ROOT,
          "%nSUSTAINED none: %d ticks/s already missed p99 < %.0f ms or fell behind%n", rate, p99LimitMs);
    } else {
      System.out.printf(
          Locale.ROOT,
          "%nSUSTAINED %.0f ticks/s with p99 < %.0f ms (offered %d, p50 %.1f ms, p99 %.1f ms; first failing rate %s)%n",
          best.sustained(), p99LimitMs, best.offered(), best.p50Ms(), best.p99Ms(),
          failedAt == null ? "none up to --max-rate" : failedAt + " ticks/s");
    }
    return 0;
  }

  /**
   * Simulator at a fixed rate → producer → stream → VWAP batches; each batch result carries the
   * timestamp of its last tick, so result arrival minus that time is the tick-to-VWAP latency
   * (including the wait for the batch to close, up to batch-timeout).
   */
  private LatencyResult latency(int simulatorRate) throws Exception {
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
    try (BrokerAdmin admin = admin();
        Instances others = startOtherInstances(o);
        RunningApp app = startApp(o)) {
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
        while (System.nanoTime() < warmupEnd) {
          Thread.sleep(50);
        }
        long ticksAtStart = ticksSaved(admin, stream, id);
        long measuredFrom = System.nanoTime();
        for (int s = 1; s <= seconds; s++) {
          Thread.sleep(1000);
          synchronized (micros) {
            System.out.printf("%3d s  %,d VWAP results, p50 %.1f ms, p99 %.1f ms%n", s, micros.getTotalCount(),
                micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0);
          }
        }
        // the rate the VWAP consumer actually sustained: below the simulator's, it is falling behind
        double sustained = (ticksSaved(admin, stream, id) - ticksAtStart) / ((System.nanoTime() - measuredFrom) / 1e9);
        synchronized (micros) {
          System.out.printf(
              Locale.ROOT,
              "%nRESULT partitions %d, instances %d, profile %s, simulator %d ticks/s, %d s after %d s warm-up: %,.0f ticks/s into VWAP batches; tick-to-VWAP-result latency p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d batch results)%n",
              partitions, instances, profile, simulatorRate, seconds, warmup, sustained, micros.getValueAtPercentile(50) / 1000.0,
              micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0, micros.getTotalCount());
          return new LatencyResult(
              simulatorRate, sustained, micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
              micros.getMaxValue() / 1000.0, micros.getTotalCount());
        }
      }
    } finally {
      try (BrokerAdmin cleanup = admin()) {
        cleanup.deleteStreams(stream, vwapStream, "bench-err-" + id);
        deleteMarketData(cleanup, stream, id);
      }
    }
  }

  /** With --partitions N: the market data on a super stream of N partitions. */
  private void partitioned(Map<String, String> o) {
    // set either way: the cluster profile puts the market data on a super stream of its own size
    o.put("marketwire.market-data.super-stream", Boolean.toString(partitions > 0));
    o.put("marketwire.market-data.partitions", Integer.toString(Math.max(1, partitions)));
  }

  /** The run's market-data stream (or super stream) and the VWAP books saved for it. */
  private void deleteMarketData(BrokerAdmin admin, String stream, String id) {
    if (partitions > 0) {
      try {
        admin.environment().deleteSuperStream(stream);
      } catch (RuntimeException ignored) {
        // not declared
      }
    } else {
      admin.deleteStreams(stream);
    }
    List<String> keys = new java.util.ArrayList<>(stateKeys(stream, id));
    for (String state : stateKeys(stream, id)) {
      keys.add(VwapBatcher.offsetKey(state));
    }
    admin.deleteRedisKeys(keys.toArray(String[]::new));
  }

  /**
   * Ticks in the VWAP books the instances saved (one per partition) with their offsets: counted in
   * Redis rather than in one instance's memory, so that instances sharing the partitions add up
   * (a book moves with its partition and is never counted twice).
   */
  private long ticksSaved(BrokerAdmin admin, String stream, String id) throws Exception {
    long ticks = 0;
    for (String state : stateKeys(stream, id)) {
      String saved = admin.redisValue(state);
      if (saved != null) {
        for (com.fasterxml.jackson.databind.JsonNode day : STATE_JSON.readTree(saved).path("days")) {
          ticks += day.path("count").asLong();
        }
      }
    }
    return ticks;
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper STATE_JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** The Redis keys of the VWAP books of the run's market data: one per partition, or one. */
  private List<String> stateKeys(String stream, String id) {
    if (partitions == 0) {
      return List.of(VwapBatcher.stateKey("bench-" + id, stream, stream));
    }
    List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      keys.add(VwapBatcher.stateKey("bench-" + id, stream, stream + "-" + i));
    }
    return keys;
  }

  private BrokerAdmin admin() {
    return new BrokerAdmin(
        io.marketwire.config.BrokerSettings.from(
            io.marketwire.config.LayeredProperties.load(java.nio.file.Path.of("config"), profile, System.getenv())));
  }

  /** The first instance: the producer and the VWAP flow. */
  private RunningApp startApp(Map<String, String> o) {
    Map<String, String> first = new HashMap<>(o);
    first.put("marketwire.instance", "bench-1");
    return RunningApp.startWithProfile(profile, Flows.routes("market-data/producer", "market-data/vwap"), first);
  }

  /**
   * Instances 2..N, the VWAP flow alone, started before the first so that the broker spreads the
   * partitions once instead of moving some of them when the later ones join.
   */
  private Instances startOtherInstances(Map<String, String> o) {
    Instances others = new Instances();
    for (int i = 2; i <= instances; i++) {
      Map<String, String> other = new HashMap<>(o);
      other.put("marketwire.instance", "bench-" + i);
      others.apps.add(RunningApp.startWithProfile(profile, Flows.routes("market-data/vwap"), other));
    }
    return others;
  }

  /** The instances besides the first, closed together. */
  private static final class Instances implements AutoCloseable {
    final List<RunningApp> apps = new java.util.ArrayList<>();

    @Override
    public void close() throws Exception {
      for (RunningApp app : apps) {
        app.close();
      }
    }
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
    try (BrokerAdmin admin = admin()) {
      long start = System.nanoTime();
      long producedAt = 0;
      try (Instances others = startOtherInstances(o);
          RunningApp app = startApp(o)) {
        long startedAt = System.nanoTime();
        long cpuAtStart = processCpuNanos();
        long lastCount = -1;
        long stableSince = System.nanoTime();
        while (true) {
          Thread.sleep(1000);
          long count = ticksSaved(admin, stream, id);
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
            Locale.ROOT,
            "%nRESULT partitions %d, instances %d, profile %s, replay %s..%s %s (%s ticks per bar): %,d ticks end to end in %.1f s with start-up, %.1f s after start = %,.0f ticks/s;"
                + " producer finished %.1f s after start; app CPU %.1f µs per tick%n",
            partitions, instances, profile, from, to, symbols, ticksPerBar, lastCount, total, running, lastCount / running, (producedAt - startedAt) / 1e9,
            cpuMicrosPerTick);
      } finally {
        admin.deleteStreams(stream, "bench-err-" + id, "bench-vwap-" + id);
        deleteMarketData(admin, stream, id);
      }
    }
    return 0;
  }
}
