package io.marketwire.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.stream.NoOffsetException;
import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.app.Flows;
import io.marketwire.cli.MarketwireApp;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import io.marketwire.testsupport.Broker;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.BrokerServices;
import io.marketwire.testsupport.ChildJvm;
import io.marketwire.testsupport.MinuteBarsTruth;
import io.marketwire.testsupport.ReplayRun;
import io.marketwire.testsupport.RestartsBrokers;
import io.marketwire.testsupport.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The market-data producer under faults, checked end to end: what the replay of the real bars
 * produced against what the stream (and the VWAP consumer fed by it) holds at the end.
 *
 * <ul>
 *   <li>The {@code producer} command in a JVM of its own, SIGKILLed twice mid-replay and started
 *       again: the stream holds every tick of the range exactly once (publishing ids 1..N, each
 *       once) and its ticks add up to the CSV's volume and VWAP for every symbol and day.
 *   <li>A RabbitMQ restart in the middle of a replay into the VWAP consumer: no tick lost or
 *       doubled in the stream, and the consumer's day book equals the CSV exactly.
 * </ul>
 */
class ProducerFaultsIT {

  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "LII");
  private static final LocalDate FROM = LocalDate.parse("2024-03-04");
  private static final LocalDate TO = LocalDate.parse("2024-03-08");
  // a market week in about 20 s: slow enough to be hit mid-run, fast enough for the suite
  private static final String SPEED = "20000";
  private static final Pattern FINISHED = Pattern.compile("finished: (\\d+) exchanges");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String stream = "it-md-" + id;
  private final String errors = "it-errors-" + id;
  private final String results = "it-vwap-" + id;
  private final String consumer = "it-faults-" + id;
  private BrokerAdmin admin;
  private Map<String, MinuteBarsTruth.Day> truth;

  @BeforeEach
  void setUp() throws Exception {
    admin = new BrokerAdmin();
    truth = MinuteBarsTruth.days(SYMBOLS, FROM, TO);
    assertThat(truth.values()).extracting(MinuteBarsTruth.Day::symbol).containsAll(SYMBOLS);
  }

  @AfterEach
  void cleanUp() {
    admin.deleteStreams(stream, errors, results);
    admin.deleteRedisKeys("marketwire:vwap:" + consumer + ":state");
    admin.close();
  }

  @Test
  void aProducerKilledTwiceMidReplayLeavesEveryTickInTheStreamOnce() throws Exception {
    killWhenStreamHolds("first", 2_000);
    long afterFirst = committed();
    killWhenStreamHolds("second", afterFirst + 5_000);

    long produced;
    try (ChildJvm last = startProducer("last")) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> {
            last.assertAlive();
            return finishedCount(last.log()) > 0;
          });
      produced = finishedCount(last.log());
      assertThat(Files.readString(last.log())).as("the restarted replay resumed").contains("resuming after position");
    }
    assertStreamHoldsEachTickOnce(produced);
  }

  @Test
  @Tag("broker-restart")
  @RestartsBrokers
  void aRabbitMqRestartMidReplayLosesAndDoublesNothingUpToTheDayBook() throws Exception {
    Map<String, String> overrides = overrides();
    overrides.put("marketwire.vwap.consumer-name", consumer);
    overrides.put("marketwire.vwap.stream", results);
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/producer", "market-data/vwap"), overrides)) {
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50)).until(() -> committed() >= 5_000);
      long before = committed();
      BrokerServices.get().restart(Broker.RABBITMQ);
      System.out.printf("RabbitMQ restarted with %d ticks in the stream%n", before);
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> ReplayRun.finished(app));
      assertThat(committed()).as("the replay went on after the restart").isGreaterThan(before);
      long produced = ReplayRun.position(app);
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> bookCount() >= produced);
      // a tick applied twice would show as more than produced: give a stray batch time to land
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      Map<String, SymbolStatsSnapshot> book = book();
      assertThat(book.values().stream().mapToLong(SymbolStatsSnapshot::count).sum()).as("ticks in the day book").isEqualTo(produced);
      assertThat(book.keySet()).containsExactlyInAnyOrderElementsOf(truth.keySet());
      truth.forEach(
          (key, day) -> {
            assertThat(book.get(key).volume()).as(key + " volume").isEqualTo(day.volume());
            assertThat(book.get(key).vwap()).as(key + " day VWAP").isCloseTo(day.vwap(), within(day.vwap() * 1e-9));
          });
      assertStreamHoldsEachTickOnce(produced);
    }
  }

  /**
   * Publishing ids 1..produced, each exactly once, and ticks that add up to the CSV for every
   * symbol and day: what the replay made is what the stream holds.
   */
  private void assertStreamHoldsEachTickOnce(long produced) {
    List<BrokerAdmin.Published> stored = admin.published(stream);
    Map<Long, Integer> copies = new TreeMap<>();
    stored.forEach(m -> copies.merge(m.publishingId(), 1, Integer::sum));
    List<Long> doubled = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).limit(10).toList();
    List<Long> missing = new ArrayList<>();
    for (long i = 1; i <= produced && missing.size() < 10; i++) {
      if (!copies.containsKey(i)) {
        missing.add(i);
      }
    }
    System.out.printf("produced %d, stored %d, doubled %s, missing %s%n", produced, stored.size(), doubled, missing);
    assertThat(missing).as("positions never stored").isEmpty();
    assertThat(doubled).as("positions stored twice").isEmpty();
    assertThat(stored).as("messages in the stream").hasSize((int) produced);

    MarketDataCodec codec = new MarketDataCodec();
    Map<String, double[]> sums = new HashMap<>();
    for (BrokerAdmin.Published m : stored) {
      MarketData tick = codec.decode(m.body());
      String key = tick.timestamp().atZone(ZoneOffset.UTC).toLocalDate() + "/" + tick.symbol();
      double[] s = sums.computeIfAbsent(key, k -> new double[2]);
      s[0] += tick.lastPrice() * tick.lastSize();
      s[1] += tick.lastSize();
    }
    assertThat(sums.keySet()).containsExactlyInAnyOrderElementsOf(truth.keySet());
    truth.forEach(
        (key, day) -> {
          double[] s = sums.get(key);
          assertThat((long) s[1]).as(key + " volume in the stream").isEqualTo(day.volume());
          assertThat(s[0] / s[1]).as(key + " VWAP of the stream").isCloseTo(day.vwap(), within(day.vwap() * 1e-9));
        });
  }

  private void killWhenStreamHolds(String name, long threshold) throws Exception {
    try (ChildJvm producer = startProducer(name)) {
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> {
            producer.assertAlive();
            return committed() >= threshold;
          });
      assertThat(finishedCount(producer.log())).as("the " + name + " producer was still replaying").isZero();
      assertThat(producer.kill()).as("exit code of the " + name + " producer (SIGKILL)").isEqualTo(ChildJvm.KILLED);
    }
    System.out.printf("%s producer killed with about %d ticks in the stream%n", name, committed());
  }

  private ChildJvm startProducer(String name) {
    Path log = Path.of("target", "child-jvm", getClass().getSimpleName() + "-" + id + "-" + name + ".log");
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("camel.server.enabled", "false");
    properties.put("camel.management.enabled", "false");
    properties.put("marketwire.market-data.stream", stream);
    properties.put("marketwire.market-data.errors-stream", errors);
    return ChildJvm.start(
        log, properties, MarketwireApp.class.getName(),
        "producer", "--profile", "test", "--source", "replay", "--symbols", String.join(",", SYMBOLS),
        "--from", FROM.toString(), "--to", TO.toString(), "--speed", SPEED);
  }

  private Map<String, String> overrides() {
    return ReplayRun.overrides(stream, errors, SYMBOLS, FROM, TO, SPEED);
  }

  /** The offset of the stream's last committed chunk: a cheap lower bound of what it holds. */
  private long committed() {
    try {
      return admin.environment().queryStreamStats(stream).committedChunkId();
    } catch (NoOffsetException | com.rabbitmq.stream.StreamDoesNotExistException e) {
      return 0;
    } catch (RuntimeException e) {
      // the broker is restarting: nothing to read yet
      return 0;
    }
  }

  /** The count the replay logs when it finished (0 while it runs). */
  private static long finishedCount(Path log) throws Exception {
    if (!Files.exists(log)) {
      return 0;
    }
    Matcher m = FINISHED.matcher(Files.readString(log));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private long bookCount() throws Exception {
    return book().values().stream().mapToLong(SymbolStatsSnapshot::count).sum();
  }

  private Map<String, SymbolStatsSnapshot> book() throws Exception {
    String saved = admin.redisValue("marketwire:vwap:" + consumer + ":state");
    if (saved == null) {
      return Map.of();
    }
    JsonNode state = JSON.readTree(saved);
    return JSON.convertValue(state.get("days"), new TypeReference<>() {});
  }
}
