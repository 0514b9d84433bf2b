package io.marketwire.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.app.Flows;
import io.marketwire.cli.MarketwireApp;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.ChildJvm;
import io.marketwire.testsupport.MinuteBarsTruth;
import io.marketwire.testsupport.ReplayRun;
import io.marketwire.testsupport.RunningApp;
import io.marketwire.testsupport.VwapTruthAssertions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batching VWAP consumer crashes for real: it runs as the {@code vwap} command in a JVM of its
 * own and is killed with SIGKILL twice mid-run, wherever it happens to be (inside a batch, between
 * publishing a batch and saving the book, between saving the book and storing the offset). Each
 * restart under the same consumer name resumes from the offset stored on the broker, and at the
 * end each symbol's day VWAP equals sum(price*volume)/sum(volume) from the CSV, to 1e-9 relative,
 * with every tick of the stream counted exactly once.
 *
 * <p>Progress is read where the consumer keeps it, the book it saves in Redis, never guessed from
 * elapsed time.
 */
class VwapConsumerKillIT {

  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "FDS", "GWW", "LII");
  private static final LocalDate FROM = LocalDate.parse("2024-03-04");
  private static final LocalDate TO = LocalDate.parse("2024-03-22");
  private static final String ID = UUID.randomUUID().toString().substring(0, 8);
  private static final String STREAM = "it-md-" + ID;
  private static final String RESULTS = "it-vwap-" + ID;
  private static final String ERRORS = "it-errors-" + ID;
  private static final String CONSUMER = "it-kill-" + ID;
  private static final String STATE_KEY = "marketwire:vwap:" + CONSUMER + ":state";
  // small batches: more batch boundaries, so a kill lands in more different places of the cycle
  private static final int BATCH_SIZE = 200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BrokerAdmin admin;
  private static Map<String, MinuteBarsTruth.Day> truth;
  private static long produced;

  @BeforeAll
  static void produceTheRealBars() throws Exception {
    admin = new BrokerAdmin();
    truth = MinuteBarsTruth.days(SYMBOLS, FROM, TO);
    // a symbol without bars in the range would silently test nothing (CPAY starts on 2024-03-25)
    assertThat(truth.values()).extracting(MinuteBarsTruth.Day::symbol).containsAll(SYMBOLS);
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/producer"), producerOverrides())) {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> app.context().getRoute("market-data-producer") != null && ReplayRun.finished(app));
    }
    produced = admin.messageCount(STREAM);
    assertThat(produced).as("ticks in the stream").isPositive();
    // also opens the Redis connection the progress polls use, so the first poll that matters is quick
    assertThat(processed()).as("ticks in a book saved under the fresh consumer name").isZero();
  }

  @AfterAll
  static void cleanUp() {
    if (admin != null) {
      admin.deleteStreams(STREAM, RESULTS, ERRORS);
      admin.deleteRedisKeys(STATE_KEY);
      admin.close();
    }
  }

  @Test
  void aConsumerKilledTwiceResumesFromItsOffsetAndCountsEveryTickOnce() throws Exception {
    // each kill comes a tenth of the stream after the previous one left off: early, so that most
    // of the stream is still ahead however late this JVM (sharing loaded cores) sees the progress
    State afterFirstKill = runUntilThenKill("first", produced / 10);
    runUntilThenKill("second", afterFirstKill.count() + produced / 10);

    long started = System.nanoTime();
    try (ChildJvm last = startConsumer("last")) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            last.assertAlive();
            return processed() >= produced;
          });
      System.out.printf("last consumer done %d ms after its start%n", (System.nanoTime() - started) / 1_000_000);
      // a tick counted twice would show as more than produced: give a stray batch time to land
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      last.assertAlive();
      State done = state();
      assertThat(done.count()).as("ticks counted once each").isEqualTo(produced);
      VwapTruthAssertions.assertBookMatches(done.days(), truth);
    }
    VwapTruthAssertions.assertPublishedResultsMatch(admin.bodies(RESULTS), truth);
  }

  /**
   * Starts the consumer, kills it with SIGKILL once its saved book holds at least {@code
   * threshold} ticks, and returns what it had saved when it died.
   */
  private static State runUntilThenKill(String name, long threshold) throws Exception {
    long started = System.nanoTime();
    try (ChildJvm consumer = startConsumer(name)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> {
            consumer.assertAlive();
            return processed() >= threshold;
          });
      assertThat(consumer.kill()).as("exit code of the " + name + " consumer (SIGKILL)").isEqualTo(ChildJvm.KILLED);
    }
    State saved = state();
    assertThat(saved.count()).as("ticks in the book the " + name + " consumer left").isBetween(threshold, produced - 1);
    // the book is saved before the offset is stored: whatever the broker holds for the consumer,
    // the book has already applied it, so the restart can only re-read ticks it will skip
    long stored = admin.storedOffset(STREAM, CONSUMER);
    assertThat(stored).as("offset stored on the broker at the " + name + " kill").isLessThanOrEqualTo(saved.lastAppliedOffset());
    System.out.printf(
        "%s consumer killed %d ms after its start: %d of %d ticks in the saved book, last applied offset %d, stored offset %d%n",
        name, (System.nanoTime() - started) / 1_000_000, saved.count(), produced, saved.lastAppliedOffset(), stored);
    return saved;
  }

  private static ChildJvm startConsumer(String name) {
    Path log = Path.of("target", "child-jvm", VwapConsumerKillIT.class.getSimpleName() + "-" + ID + "-" + name + ".log");
    // system properties override config/ for every key, camel.server.* included (which an
    // environment variable does not reach); the consumer name goes through the command's option
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("camel.server.enabled", "false");
    properties.put("camel.management.enabled", "false");
    properties.put("marketwire.market-data.stream", STREAM);
    properties.put("marketwire.market-data.errors-stream", ERRORS);
    properties.put("marketwire.vwap.stream", RESULTS);
    return ChildJvm.start(
        log, properties, MarketwireApp.class.getName(),
        "vwap", "--profile", "test", "--name", CONSUMER, "--batch-size", String.valueOf(BATCH_SIZE));
  }

  /** The book the consumer saved in Redis: every day and symbol, and the highest offset applied. */
  private record State(Map<String, SymbolStatsSnapshot> days, long lastAppliedOffset) {
    long count() {
      return days.values().stream().mapToLong(SymbolStatsSnapshot::count).sum();
    }
  }

  /** Ticks in the book the consumer saved, read cheaply enough to poll every few milliseconds. */
  private static long processed() throws Exception {
    String saved = admin.redisValue(STATE_KEY);
    if (saved == null) {
      return 0;
    }
    long count = 0;
    for (JsonNode day : JSON.readTree(saved).get("days")) {
      count += day.get("count").asLong();
    }
    return count;
  }

  private static State state() throws Exception {
    String saved = admin.redisValue(STATE_KEY);
    if (saved == null) {
      return new State(Map.of(), -1);
    }
    JsonNode state = JSON.readTree(saved);
    Map<String, SymbolStatsSnapshot> days = JSON.convertValue(state.get("days"), new TypeReference<>() {});
    return new State(days, state.get("last_applied_offset").asLong());
  }

  private static Map<String, String> producerOverrides() {
    return ReplayRun.overrides(STREAM, ERRORS, SYMBOLS, FROM, TO, "max");
  }
}
