package io.marketwire.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketwire.config.LayeredProperties;
import io.marketwire.marketdata.MarketDataPartitions;
import io.marketwire.testsupport.BrokerAdmin;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The backtest on market data held by a 3-partition super stream: the range replayed into it by
 * the producer route (routed by symbol) and read back from every partition gives the same runs,
 * figure for figure, as the same range on a plain stream (issue 15).
 */
class BacktestSuperStreamIT {

  private static final int PARTITIONS = 3;
  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "FDS", "GWW");
  private static final LocalDate FROM = LocalDate.of(2024, 3, 4);
  private static final LocalDate TO = LocalDate.of(2024, 3, 8);

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String plain = "scale-bt-" + id;
  private final String superStream = "scale-bt-sup-" + id;
  private final BrokerAdmin admin = new BrokerAdmin();

  @AfterEach
  void tearDown() {
    System.clearProperty("marketwire.market-data.super-stream");
    System.clearProperty("marketwire.market-data.partitions");
    admin.deleteStreams(plain);
    admin.deleteSuperStreams(superStream);
    admin.close();
  }

  @Test
  void aRangeOnASuperStreamGivesTheSameRunsAsOnAPlainStream() throws Exception {
    Map<String, Object> onPlain = backtest(plain, List.of());

    admin.createSuperStream(superStream, PARTITIONS);
    // the producer route reads these through Camel, where system properties win over config/
    System.setProperty("marketwire.market-data.super-stream", "true");
    System.setProperty("marketwire.market-data.partitions", Integer.toString(PARTITIONS));
    List<String> partitions = MarketDataPartitions.names(superStream, PARTITIONS);
    Map<String, Object> onSuper = backtest(superStream, partitions);

    assertThat(admin.partitionsWithMessages(superStream, PARTITIONS)).as("the symbols spread over several partitions").isGreaterThan(1);
    assertThat(onSuper.get("ticks")).isEqualTo(onPlain.get("ticks"));
    assertThat(((Number) onPlain.get("ticks")).longValue()).isPositive();
    assertThat(onSuper.get("runs")).as("every run's figures, fills and equity curve").isEqualTo(onPlain.get("runs"));
    // and a second read of what is now stored gives the same again
    assertThat(backtest(superStream, partitions).get("runs")).isEqualTo(onPlain.get("runs"));
  }

  private Map<String, Object> backtest(String stream, List<String> partitions) throws Exception {
    LayeredProperties config = LayeredProperties.load(Path.of("config"), "test", Map.of());
    StrategyCatalog catalog = new StrategyCatalog(config::get);
    Costs costs = new Costs(1_000_000, 0.5, 1.0, 1.0);
    List<BacktestSpec.Variant> variants =
        ParamSweep.variants(catalog, List.of("ma-crossover", "vwap-reversion"), List.of("ma-crossover.fast=5", "quantity=20"));
    BacktestSpec spec = new BacktestSpec(stream, SYMBOLS, FROM, TO, 1, Optional.empty(), costs, variants);
    ReplayedRange range = new RangePublisher("test").publish(spec);
    List<String> failures = new ArrayList<>();
    Backtest.Outcome outcome =
        new Backtest(admin.environment(), catalog, (tick, variant, error) -> failures.add(variant + ": " + error), partitions)
            .run(spec, range);
    assertThat(failures).isEmpty();
    return outcome.report();
  }
}
