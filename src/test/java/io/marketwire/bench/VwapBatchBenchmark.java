package io.marketwire.bench;

import io.marketwire.analytics.BatchStatistics;
import io.marketwire.analytics.DayVwapBook;
import io.marketwire.model.MarketData;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The batching consumer's logic alone (per-symbol batch statistics plus the day VWAP book), in
 * ticks per second on one thread, against a baseline in the same run: one pass that only sums
 * price times size over the same batch, the least any VWAP must do. The ratio is the price of
 * the full statistics (open, close, high, low, per day and per symbol).
 *
 * <p>Run: {@code ./marketwire bench VwapBatchBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VwapBatchBenchmark {

  private static final int BATCH = 1000;
  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "CPAY", "FDS", "GWW", "LII");

  private List<MarketData> batch;
  private DayVwapBook book;
  private long offset;

  @Setup
  public void setUp() {
    Random random = new Random(1);
    batch = new ArrayList<>(BATCH);
    long t = 1_709_303_400_000_000_000L;
    for (int i = 0; i < BATCH; i++) {
      double price = 100 + random.nextGaussian();
      batch.add(new MarketData(SYMBOLS.get(i % SYMBOLS.size()), price - 0.01, 100, price + 0.01, 100, price, 1 + random.nextInt(500), i, t + i * 1_000_000L, "BENCH", i));
    }
    book = new DayVwapBook();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batchStatisticsAndDayBook(Blackhole hole) {
    hole.consume(BatchStatistics.byDayAndSymbol(batch));
    offset += BATCH;
    hole.consume(book.apply(batch, offset));
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public double baselineSumOfPriceTimesSize() {
    double pv = 0;
    long v = 0;
    for (MarketData tick : batch) {
      pv += tick.lastPrice() * tick.lastSize();
      v += tick.lastSize();
    }
    return pv / v;
  }

  public static void main(String[] args) throws Exception {
    new Runner(new OptionsBuilder().include(VwapBatchBenchmark.class.getSimpleName()).build()).run();
  }
}
