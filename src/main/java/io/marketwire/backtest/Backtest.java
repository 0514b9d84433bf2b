package io.marketwire.backtest;

import com.rabbitmq.stream.Environment;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs every variant of a spec on a published range, side by side: each variant reads the range
 * with a consumer of its own ({@code backtest-ID-N}) into its own {@link BacktestRun}, so variants
 * share nothing and the result of each depends only on the ticks. The report keeps the variants in
 * the order given and holds no wall-clock value: the same spec gives the same bytes.
 */
public final class Backtest {

  /** The report (deterministic) and how fast each variant ran (not in the report: it varies). */
  public record Outcome(Map<String, Object> report, List<String> speeds) {}

  private final Environment environment;
  private final StrategyCatalog catalog;
  private final ErrorPath errorPath;
  private final List<String> partitions;

  /** @param partitions the market data's super stream partitions when it is one, else empty */
  public Backtest(Environment environment, StrategyCatalog catalog, ErrorPath errorPath, List<String> partitions) {
    this.environment = environment;
    this.catalog = catalog;
    this.errorPath = errorPath;
    this.partitions = List.copyOf(partitions);
  }

  public Outcome run(BacktestSpec spec, ReplayedRange range) throws Exception {
    String id = id(spec, range);
    List<BacktestRun> runs = new ArrayList<>();
    for (BacktestSpec.Variant v : spec.variants()) {
      Strategy strategy = catalog.create(v.strategy(), v.params());
      runs.add(new BacktestRun(v.strategy(), v.params(), strategy, spec.costs(), spec.startNanos(), spec.endNanos(), errorPath));
    }
    RangeReader reader = new RangeReader(environment, spec.stream(), partitions);
    // two at a time: the machine has two cores, and each read is one client thread's work
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(2, Math.max(1, runs.size())));
    List<Future<String>> speeds = new ArrayList<>();
    try {
      for (int i = 0; i < runs.size(); i++) {
        BacktestRun run = runs.get(i);
        String consumer = "backtest-" + id + "-" + (i + 1);
        speeds.add(pool.submit(() -> {
          long start = System.nanoTime();
          long ticks = reader.read(range, new LinkedHashSet<>(spec.symbols()), consumer, run);
          double seconds = (System.nanoTime() - start) / 1e9;
          return String.format("%-52s %,10d ticks in %6.2f s = %,10.0f ticks/s (read + strategy + fills)", run.variant(), ticks, seconds, ticks / seconds);
        }));
      }
      List<String> lines = new ArrayList<>();
      for (Future<String> f : speeds) {
        lines.add(f.get());
      }
      return new Outcome(report(id, spec, range, runs), lines);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Map<String, Object> report(String id, BacktestSpec spec, ReplayedRange range, List<BacktestRun> runs) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("stream", spec.stream());
    r.put("producer", range.producerName());
    r.put("from", spec.from().toString());
    r.put("to", spec.to().toString());
    r.put("symbols", spec.symbols());
    r.put("ticksPerBar", spec.ticksPerBar());
    r.put("ticks", range.ticks());
    Map<String, Object> costs = new LinkedHashMap<>();
    costs.put("initialCapital", spec.costs().initialCapital());
    costs.put("feeBps", spec.costs().feeBps());
    costs.put("feePerOrder", spec.costs().feePerOrder());
    costs.put("slippageBps", spec.costs().slippageBps());
    r.put("costs", costs);
    List<Object> results = new ArrayList<>();
    runs.forEach(run -> results.add(run.result()));
    r.put("runs", results);
    return r;
  }

  /** A short id named by what was run (not when): the same backtest keeps its id. */
  static String id(BacktestSpec spec, ReplayedRange range) {
    String key = range.producerName() + "|" + spec.stream() + "|" + spec.costs() + "|"
        + spec.variants().stream().map(BacktestSpec.Variant::name).toList();
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
