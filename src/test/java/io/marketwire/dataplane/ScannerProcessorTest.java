package io.marketwire.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.dataplane.cache.CacheUpdate;
import io.marketwire.dataplane.processors.ScannerProcessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScannerProcessorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY1 = 1714570200000L; // 2024-05-01T13:30Z
  private static final long DAY2 = DAY1 + 86_400_000L;
  private static final long LIST_TTL = 60;
  private static final long ROW_TTL = 86_400;
  /** Where the takeover feed's scanner queue moves: mid-session one, and in session two. */
  private static final int FIRST_MOVE = 39;
  private static final int SECOND_MOVE = 110;

  private static String am(String sym, double op, double c, long av, long e) {
    return "{\"ev\":\"AM\",\"sym\":\"" + sym + "\",\"op\":" + op + ",\"o\":" + c + ",\"c\":" + c + ",\"av\":" + av + ",\"s\":" + (e - 60000) + ",\"e\":" + e + "}";
  }

  private static String minute(String sym, long v, long av, long e) {
    return "{\"ev\":\"AM\",\"sym\":\"" + sym + "\",\"op\":100,\"o\":100,\"c\":100,\"v\":" + v + ",\"av\":" + av + ",\"s\":" + (e - 60000) + ",\"e\":" + e + "}";
  }

  /** The lists among these updates (the published ones), without the symbol's row. */
  private static List<CacheUpdate> lists(List<CacheUpdate> updates) {
    return updates.stream().filter(CacheUpdate::publish).toList();
  }

  /** The items of scanner:unusual in these updates; null when the list was not published. */
  private static JsonNode unusual(List<CacheUpdate> updates) throws Exception {
    for (CacheUpdate u : updates) {
      if (u.channel().equals("scanner:unusual")) {
        return JSON.readTree(u.json()).path("items");
      }
    }
    return null;
  }

  @Test
  void scannerRanksGainersLosersAndMostActiveAndPublishesOnlyChanges() throws Exception {
    ScannerProcessor scanner = new ScannerProcessor(2, LIST_TTL, ROW_TTL, 3, 5);
    scanner.process(am("UP", 100, 110, 1_000, DAY1), null, null);
    scanner.process(am("DOWN", 100, 90, 5_000, DAY1), null, null);
    List<CacheUpdate> updates = scanner.process(am("FLAT", 100, 100, 3_000, DAY1), null, null);
    Map<String, JsonNode> lists = new HashMap<>();
    for (CacheUpdate u : lists(updates)) {
      lists.put(u.channel(), JSON.readTree(u.json()).path("items"));
    }
    assertThat(lists.get("scanner:gainers").get(0).path("sym").asText()).isEqualTo("UP");
    assertThat(lists.get("scanner:gainers").get(0).path("changePercent").asDouble()).isEqualTo(10.0);
    assertThat(lists.get("scanner:losers").get(0).path("sym").asText()).isEqualTo("DOWN");
    assertThat(lists.get("scanner:active").get(0).path("sym").asText()).isEqualTo("DOWN");
    assertThat(lists.get("scanner:active").get(1).path("sym").asText()).isEqualTo("FLAT");
    assertThat(lists.get("scanner:gainers")).hasSize(2);

    assertThat(lists(scanner.process(am("FLAT", 100, 100, 3_000, DAY1), null, null))).as("nothing changed").isEmpty();
  }

  @Test
  void everyBarSavesItsSymbolsRowInTheMdcFirstUnpublishedWithTheRowTtl() throws Exception {
    ScannerProcessor scanner = new ScannerProcessor(10, LIST_TTL, ROW_TTL, 3, 5);
    scanner.process(minute("AZO", 500, 500, DAY1), null, null);
    List<CacheUpdate> updates = scanner.process(minute("AZO", 100, 600, DAY1 + 60_000), null, null);
    CacheUpdate row = updates.get(0);
    assertThat(row.channel()).isEqualTo(ScannerProcessor.ROWS + "AZO");
    assertThat(row.publish()).as("state, not for clients").isFalse();
    assertThat(row.ttlSeconds()).isEqualTo(ROW_TTL);
    assertThat(row.historyLimit()).isZero();
    JsonNode saved = JSON.readTree(row.json());
    assertThat(saved.path("earlierMinutes").asLong()).isEqualTo(1);
    assertThat(saved.path("earlierVolume").asLong()).isEqualTo(500);
    assertThat(saved.path("minuteVolume").asLong()).isEqualTo(100);
    assertThat(saved.path("open").asDouble()).isEqualTo(100);
    assertThat(saved.path("time").asLong()).isEqualTo(DAY1 + 60_000);
    assertThat(updates.subList(1, updates.size())).allMatch(u -> u.channel().startsWith("scanner:") && u.publish());
  }

  @Test
  void unusualVolumeIsAMinuteOfAtLeastNTimesTheSymbolsOwnAverageAfterMinBars() throws Exception {
    ScannerProcessor scanner = new ScannerProcessor(10, LIST_TTL, ROW_TTL, 3, 5);
    long av = 0;
    // five ordinary minutes of 100 (the first a bigger opening one, of 500, would already be unusual
    // without min-bars); QUIET trades 10 a minute throughout and never stands out
    long[] volumes = {500, 100, 100, 100, 100};
    for (int m = 0; m < volumes.length; m++) {
      av += volumes[m];
      scanner.process(minute("SPIKE", volumes[m], av, DAY1 + m * 60_000L), null, null);
      scanner.process(minute("QUIET", 10, 10L * (m + 1), DAY1 + m * 60_000L), null, null);
    }
    // (null: the list, empty so far, did not change and was not published again)
    assertThat(unusual(scanner.process(minute("QUIET", 10, 60, DAY1 + 5 * 60_000L), null, null))).isNull();
    // average of the five earlier minutes: 900 / 5 = 180; 539 is just under 3x, 540 is unusual
    assertThat(unusual(scanner.process(minute("SPIKE", 539, av + 539, DAY1 + 5 * 60_000L), null, null))).isNull();
    JsonNode items = unusual(scanner.process(minute("SPIKE", 540, av + 540, DAY1 + 5 * 60_000L), null, null));
    assertThat(items).hasSize(1);
    assertThat(items.get(0).path("sym").asText()).isEqualTo("SPIKE");
    assertThat(items.get(0).path("minuteVolume").asLong()).isEqualTo(540);
    assertThat(items.get(0).path("averageVolume").asLong()).isEqualTo(180);
    assertThat(items.get(0).path("volumeRatio").asDouble()).isEqualTo(3.0);
    // the next, ordinary minute takes it off the list again (the spike now counts in the average)
    JsonNode after = unusual(scanner.process(minute("SPIKE", 100, av + 640, DAY1 + 6 * 60_000L), null, null));
    assertThat(after).isEmpty();
    // a new session starts without an average: its first big minutes are not unusual
    assertThat(unusual(scanner.process(minute("SPIKE", 5_000, 5_000, DAY2), null, null))).isNull();
  }

  /**
   * The scanner's queue moves between MDPs (a new broker consumer each time): mid-session from
   * MDP a to b, right after a bar that b sees again (a repeated minute), then in the next session
   * back to a through a new consumer, whose memory is stale. After every bar the MDC holds exactly
   * what an uninterrupted scanner leaves there, the unusual-volume list and every row's average
   * included; a scanner taking over without the saved rows gives other figures (the test can
   * tell).
   */
  @Test
  void aTakeoverFromTheSavedRowsGivesTheSameListsAsAnUninterruptedRun() throws Exception {
    List<String> feed = feed();

    Map<String, String> single = new TreeMap<>();
    ScannerProcessor uninterrupted = new ScannerProcessor(5, LIST_TTL, ROW_TTL, 2.5, 3);
    List<Map<String, String>> expected = new ArrayList<>();
    for (String bar : feed) {
      apply(single, uninterrupted.process(bar, null, "one-1"));
      expected.add(new TreeMap<>(single));
    }

    Map<String, String> mdc = new TreeMap<>();
    ScannerProcessor a = new ScannerProcessor(5, LIST_TTL, ROW_TTL, 2.5, 3, rows(mdc));
    ScannerProcessor b = new ScannerProcessor(5, LIST_TTL, ROW_TTL, 2.5, 3, rows(mdc));
    boolean unusualAfterAMove = false;
    for (int i = 0; i < feed.size(); i++) {
      List<CacheUpdate> updates;
      if (i < FIRST_MOVE) {
        updates = a.process(feed.get(i), null, "a-1");
      } else if (i < SECOND_MOVE) {
        updates = b.process(feed.get(i), null, "b-1");
      } else {
        updates = a.process(feed.get(i), null, "a-2");
      }
      apply(mdc, updates);
      assertThat(mdc).as("the MDC after bar %d of %d (moves at %d and %d)", i, feed.size(), FIRST_MOVE, SECOND_MOVE)
          .isEqualTo(expected.get(i));
      unusualAfterAMove |= i >= FIRST_MOVE && JSON.readTree(mdc.get("scanner:unusual")).path("items").size() > 0;
    }
    assertThat(unusualAfterAMove).as("the feed has unusual minutes after a move").isTrue();

    // without the saved rows (the average starting again, as when the scanner reloaded the latest
    // bars) the unusual-volume list differs after the move
    Map<String, String> forgetful = new TreeMap<>();
    ScannerProcessor before = new ScannerProcessor(5, LIST_TTL, ROW_TTL, 2.5, 3);
    ScannerProcessor after = new ScannerProcessor(5, LIST_TTL, ROW_TTL, 2.5, 3, Map::of);
    int differing = 0;
    for (int i = 0; i < SECOND_MOVE; i++) {
      apply(forgetful, i < FIRST_MOVE ? before.process(feed.get(i), null, "a-1") : after.process(feed.get(i), null, "b-1"));
      differing += forgetful.get("scanner:unusual").equals(expected.get(i).get("scanner:unusual")) ? 0 : 1;
    }
    assertThat(differing).as("bars after which a takeover without the rows lists other unusual volume").isPositive();
  }

  /** What the MDC keeps of these updates: the latest value of each channel. */
  private static void apply(Map<String, String> mdc, List<CacheUpdate> updates) {
    updates.forEach(u -> mdc.put(u.channel(), u.json()));
  }

  /** The saved rows in the MDC, as the app reads them ({@code scanner:row:*}). */
  private static Supplier<Map<String, String>> rows(Map<String, String> mdc) {
    return () -> mdc.entrySet().stream()
        .filter(e -> e.getKey().startsWith(ScannerProcessor.ROWS))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /**
   * Two sessions of 12 minutes of six symbols, seeded: ordinary minutes of a few hundred, now and
   * then a burst of several times that, and one bar repeated right where the first move happens.
   */
  private static List<String> feed() {
    Random random = new Random(7);
    List<String> feed = new ArrayList<>();
    for (long day : new long[] {DAY1, DAY2}) {
      Map<String, long[]> session = new HashMap<>(); // session volume
      Map<String, Double> open = new HashMap<>();
      for (int m = 0; m < 12; m++) {
        for (int s = 0; s < 6; s++) {
          String sym = "SC" + (char) ('A' + s);
          double op = open.computeIfAbsent(sym, k -> 50.0 + random.nextInt(100));
          long v = 100 + random.nextInt(300);
          if (m >= 3 && random.nextInt(6) == 0) {
            v *= 4 + random.nextInt(4);
          }
          long av = session.computeIfAbsent(sym, k -> new long[1])[0] += v;
          double close = Math.round(op * (1 + random.nextGaussian() * 0.02) * 100) / 100.0;
          String bar = "{\"ev\":\"AM\",\"sym\":\"" + sym + "\",\"op\":" + op + ",\"o\":" + close + ",\"c\":" + close + ",\"v\":" + v
              + ",\"av\":" + av + ",\"s\":" + (day + m * 60_000L) + ",\"e\":" + (day + (m + 1) * 60_000L) + "}";
          feed.add(bar);
        }
      }
    }
    feed.add(FIRST_MOVE, feed.get(FIRST_MOVE - 1));
    return feed;
  }
}
