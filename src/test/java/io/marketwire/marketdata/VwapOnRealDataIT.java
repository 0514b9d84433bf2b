package io.marketwire.marketdata;

import io.marketwire.app.Flows;
import io.marketwire.testsupport.ReplayRun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.MinuteBarsTruth;
import io.marketwire.testsupport.RunningApp;
import io.marketwire.testsupport.VwapTruthAssertions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real bars through producer, stream and batching consumer: each symbol's day VWAP equals
 * sum(price*volume)/sum(volume) computed straight from the CSV, to 1e-9 relative, and every tick
 * in the stream is counted exactly once, also when the consumer is stopped mid-run and resumes.
 */
class VwapOnRealDataIT {

  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "CPAY", "FDS", "GWW", "LII");
  private static final LocalDate FROM = LocalDate.parse("2024-03-01");
  private static final LocalDate TO = LocalDate.parse("2024-03-05");
  private static final String ID = UUID.randomUUID().toString().substring(0, 8);
  private static final String STREAM = "it-md-" + ID;

  private static BrokerAdmin admin;
  private static Map<String, MinuteBarsTruth.Day> truth;
  private static long produced;

  @BeforeAll
  static void produceTheRealBarsOnce() throws Exception {
    admin = new BrokerAdmin();
    truth = MinuteBarsTruth.days(SYMBOLS, FROM, TO);
    long expectedVolume = truth.values().stream().mapToLong(MinuteBarsTruth.Day::volume).sum();
    try (RunningApp app = RunningApp.start(routes("producer"), overrides("unused"))) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> app.context().getRoute("market-data-producer") != null && producerFinished(app));
    }
    produced = admin.messageCount(STREAM);
    assertThat(produced).isPositive();
    assertThat(expectedVolume).isPositive();
  }

  @AfterAll
  static void cleanUp() {
    admin.deleteStreams(STREAM, "it-vwap-" + ID, "it-errors-" + ID);
    admin.deleteRedisKeys(
        "marketwire:vwap:it-straight-" + ID + ":state",
        "marketwire:vwap:it-crash-" + ID + ":state");
    admin.close();
  }

  @Test
  void dayVwapMatchesTheCsvAndEveryTickCountsOnce() throws Exception {
    String consumer = "it-straight-" + ID;
    try (RunningApp app = RunningApp.start(routes("vwap"), overrides(consumer))) {
      Map<String, SymbolStatsSnapshot> book = awaitAllTicks(app);
      assertMatchesTruth(book);
    }
  }

  @Test
  void aConsumerStoppedMidRunResumesAndGetsTheSameResult() throws Exception {
    String consumer = "it-crash-" + ID;
    try (RunningApp first = RunningApp.start(routes("vwap"), overrides(consumer))) {
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> totalCount(batcher(first).book().all()) > produced / 3);
    }
    try (RunningApp second = RunningApp.start(routes("vwap"), overrides(consumer))) {
      Map<String, SymbolStatsSnapshot> book = awaitAllTicks(second);
      assertMatchesTruth(book);
    }
  }

  private static Map<String, SymbolStatsSnapshot> awaitAllTicks(RunningApp app) throws Exception {
    await()
        .atMost(Duration.ofMinutes(2))
        .until(() -> totalCount(batcher(app).book().all()) >= produced);
    // let a possible extra (duplicate) batch arrive before judging
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    return batcher(app).book().all();
  }

  private static void assertMatchesTruth(Map<String, SymbolStatsSnapshot> book) {
    assertThat(totalCount(book)).as("ticks counted once each").isEqualTo(produced);
    VwapTruthAssertions.assertBookMatches(book, truth);
  }

  private static long totalCount(Map<String, SymbolStatsSnapshot> book) {
    return book.values().stream().mapToLong(SymbolStatsSnapshot::count).sum();
  }

  private static VwapBatcher batcher(RunningApp app) {
    return app.context().getRegistry().lookupByNameAndType("vwapBatcher", VwapBatcher.class);
  }

  private static boolean producerFinished(RunningApp app) {
    var consumer = app.context().getRoute("market-data-producer").getConsumer();
    return consumer instanceof io.marketwire.source.TicksConsumer ticks && ticks.isFinished();
  }

  private static String routes(String... names) {
    return Flows.routes(java.util.Arrays.stream(names).map(n -> "market-data/" + n).toArray(String[]::new));
  }


  private static Map<String, String> overrides(String consumer) {
    Map<String, String> o = ReplayRun.overrides(STREAM, "it-errors-" + ID, SYMBOLS, FROM, TO, "max");
    o.put("marketwire.vwap.stream", "it-vwap-" + ID);
    o.put("marketwire.vwap.consumer-name", consumer);
    return o;
  }
}
