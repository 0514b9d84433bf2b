package io.marketwire.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.app.Flows;
import io.marketwire.cli.MarketwireApp;
import io.marketwire.config.BrokerSettings;
import io.marketwire.marketdata.StreamGroupMembers;
import io.marketwire.marketdata.VwapBatcher;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.BrokerServices;
import io.marketwire.testsupport.ChildJvm;
import io.marketwire.testsupport.MinuteBarsTruth;
import io.marketwire.testsupport.ReplayRun;
import io.marketwire.testsupport.RunningApp;
import io.marketwire.testsupport.VwapTruthAssertions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two app instances share the market data's super stream (three partitions routed by symbol) as
 * the VWAP consumer group: each runs {@code ./marketwire vwap --instance NAME} in a JVM of its own,
 * the broker makes each the active member of some partitions and the standby of the others. The
 * real 2024 bars are replayed into the super stream while both run; mid-replay, instance b is
 * killed with SIGKILL. Instance a must take b's partitions over within {@link #TAKEOVER_BOUND}
 * (its saved book of each of them has moved beyond what b saved), continuing their day books from
 * what b saved, and at the end every symbol-day's
 * VWAP and volume must equal sum(price*volume)/sum(volume) from the CSV (1e-9 relative), with
 * every tick of every partition counted exactly once.
 *
 * <p>Who is active where is read from the broker (management API), progress from the books the
 * instances save in Redis, never guessed from elapsed time.
 */
class VwapInstanceTakeoverIT {

  /** How soon after the SIGKILL the survivor must be the active member of every partition. */
  static final Duration TAKEOVER_BOUND = Duration.ofSeconds(10);

  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "FDS", "GWW", "LII");
  private static final LocalDate FROM = LocalDate.parse("2024-03-04");
  private static final LocalDate TO = LocalDate.parse("2024-03-29");
  private static final int PARTITIONS = 3;
  private static final String ID = UUID.randomUUID().toString().substring(0, 8);
  private static final String SUPER_STREAM = "scaleout-md-" + ID;
  private static final String RESULTS = "scaleout-vwap-" + ID;
  private static final String ERRORS = "scaleout-errors-" + ID;
  private static final String GROUP = "scaleout-vwap-" + ID;
  private static final List<String> PARTITION_NAMES =
      IntStream.range(0, PARTITIONS).mapToObj(i -> SUPER_STREAM + "-" + i).toList();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static BrokerAdmin admin;
  private static StreamGroupMembers members;
  private static Map<String, MinuteBarsTruth.Day> truth;

  @BeforeAll
  static void setUp() throws Exception {
    admin = new BrokerAdmin();
    BrokerSettings broker = BrokerServices.get().settings();
    members =
        new StreamGroupMembers(
            broker.rabbitHost(), broker.managementPort(), broker.virtualHost(), broker.rabbitUsername(), broker.rabbitPassword());
    truth = MinuteBarsTruth.days(SYMBOLS, FROM, TO);
    assertThat(truth.values()).extracting(MinuteBarsTruth.Day::symbol).containsAll(SYMBOLS);
  }

  @AfterAll
  static void cleanUp() {
    if (admin != null) {
      try {
        admin.environment().deleteSuperStream(SUPER_STREAM);
      } catch (RuntimeException ignored) {
        // never declared
      }
      admin.deleteStreams(RESULTS, ERRORS);
      List<String> keys = new ArrayList<>();
      for (String partition : PARTITION_NAMES) {
        String state = stateKey(partition);
        keys.add(state);
        keys.add(VwapBatcher.offsetKey(state));
      }
      admin.deleteRedisKeys(keys.toArray(String[]::new));
      admin.close();
    }
  }

  @Test
  void theSurvivorTakesOverTheKilledInstancesPartitionsAndEveryDayVwapIsExact() throws Exception {
    // declared here, not by the two instances starting at once
    admin.environment().streamCreator().name(SUPER_STREAM).superStream().partitions(PARTITIONS).creator().create();
    try (ChildJvm a = startInstance("a");
        ChildJvm b = startInstance("b")) {
      // the broker spreads the partitions: both instances active somewhere, every partition with
      // an active member and a standby
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> {
            a.assertAlive();
            b.assertAlive();
            Map<String, String> active = activeInstanceByPartition();
            return active.keySet().containsAll(PARTITION_NAMES)
                && active.containsValue("a")
                && active.containsValue("b")
                && members().size() == 2 * PARTITIONS;
          });
      Set<String> heldByB = partitionsActiveOn("b");
      System.out.printf("before the kill: active members %s%n", activeInstanceByPartition());

      long killedAt;
      Map<String, Long> savedByBAtKill;
      try (RunningApp producer = RunningApp.start(Flows.routes("market-data/producer"), producerOverrides())) {
        // mid-replay: b has saved progress in its partitions
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> {
              a.assertAlive();
              b.assertAlive();
              return processed(heldByB) >= 2_000;
            });
        assertThat(ReplayRun.finished(producer)).as("the replay is still running at the kill").isFalse();
        savedByBAtKill = processedPerPartition(heldByB);
        killedAt = System.nanoTime();
        assertThat(b.kill()).as("exit code of instance b (SIGKILL)").isEqualTo(ChildJvm.KILLED);

        // taken over: a has saved progress beyond what b left in each of b's partitions
        await()
            .atMost(TAKEOVER_BOUND)
            .pollInterval(Duration.ofMillis(20))
            .until(() -> {
              Map<String, Long> now = processedPerPartition(heldByB);
              return heldByB.stream().allMatch(p -> now.get(p) > savedByBAtKill.get(p));
            });
        long takeoverMs = (System.nanoTime() - killedAt) / 1_000_000;
        // the management API's view lags by up to its statistics interval (5 s by default)
        await()
            .atMost(TAKEOVER_BOUND)
            .pollInterval(Duration.ofMillis(100))
            .until(() -> {
              Map<String, String> active = activeInstanceByPartition();
              return PARTITION_NAMES.stream().allMatch(p -> "a".equals(active.get(p)));
            });
        System.out.printf(
            "instance b killed mid-replay (its partitions %s, saved %s); a saved progress in them %d ms later,"
                + " the management API showed a active on every partition %d ms later%n",
            heldByB, savedByBAtKill, takeoverMs, (System.nanoTime() - killedAt) / 1_000_000);

        await().atMost(Duration.ofMinutes(2)).until(() -> ReplayRun.finished(producer));
      }
      Map<String, Long> produced = new LinkedHashMap<>();
      PARTITION_NAMES.forEach(p -> produced.put(p, admin.messageCount(p)));
      long total = produced.values().stream().mapToLong(Long::longValue).sum();
      assertThat(produced.keySet().stream().filter(p -> produced.get(p) > 0).count())
          .as("partitions holding ticks (%s): symbols spread over several", produced)
          .isGreaterThanOrEqualTo(2);

      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> {
            a.assertAlive();
            return processed(PARTITION_NAMES) >= total;
          });
      System.out.printf(
          "all %d ticks in the books %d ms after the kill; per partition %s%n",
          total, (System.nanoTime() - killedAt) / 1_000_000, produced);
      // a tick counted twice would show as more than produced: give a stray batch time to land
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      a.assertAlive();
      assertThat(processedPerPartition(PARTITION_NAMES)).as("ticks counted once per partition").isEqualTo(produced);
      assertBooksMatchTruth();
    }
    // whichever instance published them
    VwapTruthAssertions.assertPublishedResultsMatch(admin.bodies(RESULTS), truth);
  }

  private static ChildJvm startInstance(String name) {
    Path log = Path.of("target", "child-jvm", VwapInstanceTakeoverIT.class.getSimpleName() + "-" + ID + "-" + name + ".log");
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("camel.server.enabled", "false");
    properties.put("camel.management.enabled", "false");
    properties.put("marketwire.market-data.stream", SUPER_STREAM);
    properties.put("marketwire.market-data.super-stream", "true");
    properties.put("marketwire.market-data.partitions", Integer.toString(PARTITIONS));
    properties.put("marketwire.market-data.errors-stream", ERRORS);
    properties.put("marketwire.vwap.stream", RESULTS);
    return ChildJvm.start(
        log, properties, MarketwireApp.class.getName(),
        "vwap", "--profile", "test", "--instance", name, "--name", GROUP, "--batch-size", "200");
  }

  private static Map<String, String> producerOverrides() {
    Map<String, String> o = ReplayRun.overrides(SUPER_STREAM, ERRORS, SYMBOLS, FROM, TO, "max");
    o.put("marketwire.market-data.super-stream", "true");
    o.put("marketwire.market-data.partitions", Integer.toString(PARTITIONS));
    return o;
  }

  private static List<StreamGroupMembers.Member> members() throws Exception {
    return members.read(PARTITION_NAMES).stream().filter(m -> m.group().equals(GROUP)).toList();
  }

  private static Map<String, String> activeInstanceByPartition() throws Exception {
    return members().stream()
        .filter(StreamGroupMembers.Member::active)
        .collect(Collectors.toMap(StreamGroupMembers.Member::stream, StreamGroupMembers.Member::instance, (x, y) -> x + "," + y));
  }

  private static Set<String> partitionsActiveOn(String instance) throws Exception {
    Set<String> out = new TreeSet<>();
    activeInstanceByPartition().forEach((partition, holder) -> {
      if (holder.equals(instance)) {
        out.add(partition);
      }
    });
    return out;
  }

  private static String stateKey(String partition) {
    return VwapBatcher.stateKey(GROUP, SUPER_STREAM, partition);
  }

  private static long processed(java.util.Collection<String> partitions) throws Exception {
    return processedPerPartition(partitions).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Ticks in each partition's saved book. */
  private static Map<String, Long> processedPerPartition(java.util.Collection<String> partitions) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String partition : partitions) {
      long count = 0;
      String saved = admin.redisValue(stateKey(partition));
      if (saved != null) {
        for (JsonNode day : JSON.readTree(saved).get("days")) {
          count += day.get("count").asLong();
        }
      }
      out.put(partition, count);
    }
    return out;
  }

  /** The saved books of all partitions together: each symbol-day is in exactly one of them. */
  private static void assertBooksMatchTruth() throws Exception {
    Map<String, SymbolStatsSnapshot> all = new HashMap<>();
    for (String partition : PARTITION_NAMES) {
      String saved = admin.redisValue(stateKey(partition));
      if (saved == null) {
        continue;
      }
      Map<String, SymbolStatsSnapshot> days = JSON.convertValue(JSON.readTree(saved).get("days"), new TypeReference<>() {});
      days.forEach((key, stats) -> assertThat(all.put(key, stats)).as(key + " in one partition only").isNull());
    }
    VwapTruthAssertions.assertBookMatches(all, truth);
  }
}
