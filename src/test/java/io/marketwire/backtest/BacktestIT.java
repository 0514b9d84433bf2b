package io.marketwire.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.model.MarketData;
import io.marketwire.testsupport.BrokerAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * ./marketwire backtest against the real broker: side by side and swept variants in one command,
 * the same report byte for byte on a second run, the crossover's fills and P&L equal to a plain
 * computation from the CSV, and each tick read once although the stream holds the range twice.
 */
class BacktestIT {

  private static final String SYMBOL = "AZO";
  private static final LocalDate FROM = LocalDate.of(2024, 3, 1);
  private static final LocalDate TO = LocalDate.of(2024, 3, 15);

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String stream = "it-bt-" + id;
  private final String errors = "it-bt-err-" + id;
  private BrokerAdmin admin;

  @BeforeEach
  void setUp() {
    admin = new BrokerAdmin();
  }

  @AfterEach
  void tearDown() {
    admin.deleteStreams(stream, errors);
    admin.close();
  }

  @Test
  void sweepAndSideBySideReportIsDeterministicAndTheCrossoverMatchesAPlainComputationFromTheCsv() throws Exception {
    // the same dates already in the stream under another producer (5 ticks per bar): not to be read
    Costs costs = new Costs(1_000_000, 0.5, 1.0, 1.0);
    new RangePublisher("test").publish(new BacktestSpec(stream, List.of(SYMBOL), FROM, TO, 5, Optional.empty(), costs, List.of()));

    Path out = Path.of("target", "it-backtests-" + id);
    String[] args = {
      "--strategy", "ma-crossover,breakout,vwap-reversion", "--symbols", SYMBOL, "--from", FROM.toString(), "--to", TO.toString(),
      "--stream", stream, "--param", "ma-crossover.fast=5,10", "--param", "ma-crossover.slow=20", "--param", "quantity=50",
      "--capital", "1000000", "--fee-bps", "0.5", "--fee-per-order", "1", "--slippage-bps", "1", "--report-directory", out.toString()
    };
    assertThat(backtest(args)).isZero();
    Path folder;
    try (var folders = Files.list(out)) {
      folder = folders.findFirst().orElseThrow();
    }
    byte[] first = Files.readAllBytes(folder.resolve("report.json"));
    assertThat(backtest(args)).isZero(); // now read from what the first run published
    assertThat(Files.readAllBytes(folder.resolve("report.json"))).isEqualTo(first);
    assertThat(Files.readString(folder.resolve("equity.html"))).contains("<svg").doesNotContain("<script").doesNotContain("http://cdn").doesNotContain("https://");

    @SuppressWarnings("unchecked")
    Map<String, Object> report = new ObjectMapper().readValue(first, Map.class);
    List<Map<String, Object>> runs = (List<Map<String, Object>>) report.get("runs");
    assertThat(runs).extracting(r -> r.get("variant")).containsExactly(
        "ma-crossover(fast=5,quantity=50,slow=20)", "ma-crossover(fast=10,quantity=50,slow=20)",
        "breakout(exit-lookback=30,lookback=60,quantity=50)", "vwap-reversion(band-bps=20,quantity=50,warmup=30)");
    List<double[]> bars = barsFromCsv();
    assertThat(((Number) report.get("ticks")).longValue()).isEqualTo(bars.size());
    for (int i = 0; i < 2; i++) {
      int fast = i == 0 ? 5 : 10;
      Expected expected = crossover(bars, fast, 20, 50, costs);
      Map<String, Object> run = runs.get(i);
      List<List<Object>> fills = (List<List<Object>>) run.get("fills");
      assertThat(fills).hasSize(expected.fills.size()).hasSizeGreaterThan(4);
      for (int f = 0; f < fills.size(); f++) {
        assertThat(((Number) fills.get(f).get(0)).longValue()).isEqualTo((long) expected.fills.get(f)[0]);
        assertThat(((Number) fills.get(f).get(2)).longValue()).isEqualTo((long) expected.fills.get(f)[1]);
        assertThat(((Number) fills.get(f).get(3)).doubleValue()).isCloseTo(expected.fills.get(f)[2], within(1e-6));
      }
      Map<String, Object> total = (Map<String, Object>) run.get("total");
      assertThat(((Number) total.get("pnl")).doubleValue()).isCloseTo(expected.pnl, within(1e-5));
      assertThat(((Number) total.get("errors")).longValue()).isZero();
    }
  }

  @Test
  void theErrorPathPutsAFailedTickOnTheErrorStreamWithItsReason() throws Exception {
    MarketData tick = new MarketData(SYMBOL, 1, 1, 2, 1, 1.5, 10, 10, 1_000_000_000L, "T", 1);
    try (StreamErrorPath path = new StreamErrorPath(admin.environment(), errors, stream)) {
      path.failed(tick, "ma-crossover(fast=5)", new IllegalStateException("boom"));
    }
    assertThat(admin.messageCount(errors)).isEqualTo(1);
    assertThat(new io.marketwire.model.MarketDataCodec(null).decode(admin.bodies(errors).get(0))).isEqualTo(tick);
  }

  private int backtest(String[] args) {
    BacktestCommand command = new BacktestCommand();
    command.profile("test");
    return new CommandLine(command).execute(args);
  }

  /** [epoch millis, price] of every bar with volume in the range, straight from the CSV. */
  private static List<double[]> barsFromCsv() throws Exception {
    long from = FROM.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long to = TO.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    List<double[]> bars = new ArrayList<>();
    List<String> lines = Files.readAllLines(Path.of("../shared/data/minute-bars/" + SYMBOL + "-2024.csv"));
    // date;timestamp;close;high;low;open;price;volume  (price: the bar's VWAP, what a 1-tick bar trades at)
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(";");
      long t = Long.parseLong(f[1]);
      if (t >= from && t < to && Long.parseLong(f[7]) > 0) {
        bars.add(new double[] {t, Double.parseDouble(f[6])});
      }
    }
    return bars;
  }

  private record Expected(List<double[]> fills, double pnl) {}

  /** Long while SMA(fast) > SMA(slow), else flat; fill at the next bar's price, slippage and fees. */
  private static Expected crossover(List<double[]> bars, int fast, int slow, long quantity, Costs c) {
    List<double[]> fills = new ArrayList<>();
    double cash = 0;
    long position = 0;
    long wanted = 0;
    long pending = 0;
    for (int k = 0; k < bars.size(); k++) {
      double price = bars.get(k)[1];
      if (pending != 0) {
        double fill = price * (1 + Math.signum(pending) * c.slippageBps() / 10_000);
        cash -= pending * fill + Math.abs(pending) * fill * c.feeBps() / 10_000 + c.feePerOrder();
        position += pending;
        fills.add(new double[] {bars.get(k)[0], pending, fill});
        pending = 0;
      }
      if (k >= slow - 1) {
        long target = mean(bars, k, fast) > mean(bars, k, slow) ? quantity : 0;
        if (target != wanted) {
          pending = target - wanted;
          wanted = target;
        }
      }
    }
    return new Expected(fills, cash + position * bars.get(bars.size() - 1)[1]);
  }

  private static double mean(List<double[]> bars, int last, int n) {
    double sum = 0;
    for (int i = last - n + 1; i <= last; i++) {
      sum += bars.get(i)[1];
    }
    return sum / n;
  }
}
