package io.marketwire.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.marketwire.dataplane.cache.MarketDataCache;
import io.marketwire.dataplane.listener.MarketEvent;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.nio.charset.StandardCharsets;
import io.marketwire.dataplane.processors.MdqPartitions;
import io.marketwire.dataplane.processors.TradeProcessor;
import io.marketwire.testsupport.RunningApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Two MDPs on a partitioned MDQ give the same figures as one (issue 15): one recorded feed (trades,
 * quotes, second and minute aggregates of 24 symbols over two sessions) goes once through one MDP
 * and once through two (two Camel contexts, each the real app with the MDP routes), each run with
 * its own MDQ and MDC names; every value the MDC holds afterwards (latest values, bar histories,
 * scanner lists) is the same in both runs, the session volume of every symbol is the feed's, and
 * both MDPs of the second run processed trades.
 */
@Tag("integration")
class MdpPartitionsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS = 3;
  private static final long DAY0 = 1714570200000L; // 2024-05-01 13:30 UTC
  private static final List<String> SYMBOLS =
      IntStream.range(0, 24).mapToObj(i -> "MDP" + (char) ('A' + i)).toList();

  @Test
  void twoMdpsOnThePartitionedMdqGiveTheSameFiguresAsOne() throws Exception {
    List<MarketEvent> feed = recordedFeed();
    Map<String, String> one = run(new DataplaneFixture(), feed, 1);
    Map<String, String> two = run(new DataplaneFixture(), feed, 2);

    assertThat(two).as("the MDC after two MDPs, against one").isEqualTo(one);
    Map<String, Long> volumes = new HashMap<>();
    for (MarketEvent e : feed) {
      if (e.ev().equals("T")) {
        volumes.merge(e.symbol(), JSON.readTree(e.raw()).path("s").asLong(), Long::sum);
      }
    }
    // the last session's volume of every symbol: the feed's second day only
    for (String symbol : SYMBOLS) {
      JsonNode trade = JSON.readTree(one.get("trades:" + symbol));
      assertThat(trade.path("volume").asLong()).as(symbol).isEqualTo(secondDayVolume(feed, symbol));
      assertThat(trade.path("trades").asLong()).isPositive();
    }
    assertThat(one).containsKeys("scanner:gainers", "scanner:losers", "scanner:active");
    assertThat(JSON.readTree(one.get("scanner:unusual")).path("items")).as("unusual volume listed at the end").isNotEmpty();
  }

  /**
   * Partitions change hands mid-session on the real brokers: MDP a alone takes the first session
   * and the first third of the second; MDP b starts and, by its consumer priorities, takes some
   * partitions from a (which held every partition and their symbols' sessions); the next third
   * goes to both; then a stops and b takes every partition for the last third. The MDC must then
   * hold what one MDP fed the same events leaves (session volume, VWAP, trade counts, bars,
   * scanner lists and rows, the unusual-volume average included: the scanner's queue moves from a
   * to b with the rest, and b continues from the rows a left in the MDC): an event applied twice
   * or lost across a move would change a symbol's figures.
   */
  @Test
  void partitionsThatChangeHandsMidFeedGiveTheSameFiguresAsOneMdp() throws Exception {
    List<MarketEvent> feed = recordedFeed();
    Map<String, String> one = run(new DataplaneFixture(), feed, 1);
    DataplaneFixture fixture = new DataplaneFixture();
    List<String> ab = instancesThatSplitThePartitions(fixture.queuePrefix + "trades");
    int secondSession = IntStream.range(0, feed.size()).filter(i -> day(feed.get(i)) == 1).findFirst().orElseThrow();
    int third = (feed.size() - secondSession) / 3;
    int[] cuts = {secondSession + third, secondSession + 2 * third, feed.size()};
    RedisClient redis = fixture.redis();
    RunningApp a = null;
    RunningApp b = null;
    try (MarketDataCache cache = new MarketDataCache(redis, fixture.cachePrefix)) {
      a = startMdp(fixture, ab.get(0));
      publish(fixture, feed.subList(0, cuts[0]));
      awaitTrades(cache, feed.subList(0, cuts[0]));
      TradeProcessor onA = a.context().getRegistry().lookupByNameAndType("tradeProcessor", TradeProcessor.class);
      assertThat(upToDate(onA, cache)).as("a alone held every partition").hasSize(SYMBOLS.size());

      b = startMdp(fixture, ab.get(1));
      TradeProcessor onB = b.context().getRegistry().lookupByNameAndType("tradeProcessor", TradeProcessor.class);
      publish(fixture, feed.subList(cuts[0], cuts[1]));
      awaitTrades(cache, feed.subList(0, cuts[1]));
      // a symbol whose session in a fell behind the MDC's was carried on by b: its partition moved
      Set<String> keptByA = upToDate(onA, cache);
      Set<String> movedToB = new TreeSet<>(SYMBOLS);
      movedToB.removeAll(keptByA);
      assertThat(keptByA).as("symbols a kept").isNotEmpty();
      assertThat(movedToB).as("symbols whose partitions moved to b mid-session").isNotEmpty();
      assertThat(upToDate(onB, cache)).as("b's sessions of the symbols it took").containsAll(movedToB);

      a.close();
      a = null;
      publish(fixture, feed.subList(cuts[1], cuts[2]));
      awaitTrades(cache, feed);
      Map<String, String> moved = settled(cache);
      assertThat(moved).as("the MDC after partitions moved a -> b mid-feed, against one MDP").isEqualTo(one);
      assertThat(JSON.readTree(moved.get("scanner:unusual")).path("items"))
          .as("unusual volume listed at the end (so its average is compared)").isNotEmpty();
      assertThat(upToDate(onB, cache)).as("b took every partition once a stopped").hasSize(SYMBOLS.size());
    } finally {
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
      deletePartitions(fixture);
      fixture.close();
      redis.shutdown();
    }
  }

  /** The symbols whose session volume in {@code processor} equals the MDC's latest trade's. */
  private static Set<String> upToDate(TradeProcessor processor, MarketDataCache cache) throws Exception {
    Set<String> current = new TreeSet<>();
    for (String symbol : SYMBOLS) {
      String cached = cache.latest("trades:" + symbol);
      if (cached != null && JSON.readTree(cached).path("volume").asLong() == processor.volume(symbol)) {
        current.add(symbol);
      }
    }
    return current;
  }

  private static RunningApp startMdp(DataplaneFixture fixture, String instance) {
    Map<String, String> overrides = new HashMap<>(RunningApp.headless());
    overrides.putAll(fixture.overrides());
    overrides.put("marketwire.upstream.server.enabled", "false");
    overrides.put("marketwire.dataplane.partitions", String.valueOf(PARTITIONS));
    // the figures, not the TTL, are under test: nothing may expire on a loaded machine
    overrides.put("marketwire.dataplane.queue-ttl", "10m");
    overrides.put("marketwire.instance", instance);
    return RunningApp.start("file:routes/dataplane/mdp/mdp.camel.yaml", overrides);
  }

  /** Waits until the MDC counts every trade of the second session among {@code published}. */
  private static void awaitTrades(MarketDataCache cache, List<MarketEvent> published) {
    long trades = published.stream().filter(e -> e.ev().equals("T") && day(e) == 1).count();
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> tradesInLastSession(cache) == trades);
  }

  /** The MDC's values once two snapshots a second apart agree. */
  private static Map<String, String> settled(MarketDataCache cache) {
    Map<String, String> settled = new TreeMap<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              Map<String, String> now = snapshot(cache);
              boolean same = now.equals(settled);
              settled.clear();
              settled.putAll(now);
              return same;
            });
    return settled;
  }

  /**
   * Runs the feed through one MDP or two on MDQ and MDC names of its own, and returns
   * what the MDC holds once it stopped changing: every latest value without its receive time, and
   * every bar history.
   */
  private Map<String, String> run(DataplaneFixture fixture, List<MarketEvent> feed, int mdps) throws Exception {
    List<String> instances = mdps == 1 ? List.of("mdp-one") : instancesThatSplitThePartitions(fixture.queuePrefix + "trades");
    List<RunningApp> apps = new ArrayList<>();
    RedisClient redis = fixture.redis();
    try (MarketDataCache cache = new MarketDataCache(redis, fixture.cachePrefix)) {
      for (String instance : instances) {
        apps.add(startMdp(fixture, instance));
      }
      publish(fixture, feed);
      awaitTrades(cache, feed);
      Map<String, String> settled = settled(cache);
      if (mdps > 1) {
        for (RunningApp app : apps) {
          TradeProcessor processor = app.context().getRegistry().lookupByNameAndType("tradeProcessor", TradeProcessor.class);
          assertThat(processor.symbols()).as("symbols the MDP %s processed", app.context().getName()).isPositive();
        }
      }
      return settled;
    } finally {
      for (RunningApp app : apps) {
        app.close();
      }
      deletePartitions(fixture);
      fixture.close();
      redis.shutdown();
    }
  }

  /** Publishes the feed to the fixture's MDQ exchange, as the MDL does, and waits for the confirms. */
  private static void publish(DataplaneFixture fixture, List<MarketEvent> feed) throws Exception {
    CachingConnectionFactory rabbit = fixture.rabbit();
    try (Connection connection = rabbit.getRabbitConnectionFactory().newConnection(fixture.id + "-feed");
        Channel channel = connection.createChannel()) {
      channel.confirmSelect();
      for (MarketEvent event : feed) {
        channel.basicPublish(fixture.exchange, event.routingKey(), false, null, event.raw().getBytes(StandardCharsets.UTF_8));
      }
      channel.waitForConfirmsOrDie(60_000);
    } finally {
      rabbit.destroy();
    }
  }

  private static long tradesInLastSession(MarketDataCache cache) throws Exception {
    long sum = 0;
    for (String json : cache.latestByPrefix("trades:").values()) {
      JsonNode trade = JSON.readTree(json);
      if (Math.floorDiv(trade.path("t").asLong(), 86_400_000L) == Math.floorDiv(DAY0, 86_400_000L) + 1) {
        sum += trade.path("trades").asLong();
      }
    }
    return sum;
  }

  private static Map<String, String> snapshot(MarketDataCache cache) throws Exception {
    Map<String, String> values = new TreeMap<>();
    for (Map.Entry<String, String> entry : cache.latestByPrefix("").entrySet()) {
      ObjectNode value = (ObjectNode) JSON.readTree(entry.getValue());
      value.remove("rt"); // when the MDP received it: differs between runs
      values.put(entry.getKey(), value.toString());
      if (entry.getKey().startsWith("bars:")) {
        List<String> history = new ArrayList<>();
        for (String bar : cache.history(entry.getKey())) {
          ObjectNode b = (ObjectNode) JSON.readTree(bar);
          b.remove("rt");
          history.add(b.toString());
        }
        values.put(entry.getKey() + ":history", history.toString());
      }
    }
    return values;
  }

  /**
   * Two instance names whose consumer priorities make each of them the preferred consumer of at
   * least one of the trade partitions, so that both MDPs work (the priorities are a hash of the
   * name and the queue: the broker's choice is checked by each MDP having processed trades).
   */
  private static List<String> instancesThatSplitThePartitions(String tradesQueue) {
    for (int i = 0; ; i++) {
      String a = "mdp-a" + i;
      String b = "mdp-b" + i;
      int wins = 0;
      for (int p = 0; p < PARTITIONS; p++) {
        String queue = tradesQueue + "." + p;
        wins += MdqPartitions.priority(a, queue) > MdqPartitions.priority(b, queue) ? 1 : 0;
      }
      if (wins > 0 && wins < PARTITIONS) {
        return List.of(a, b);
      }
    }
  }

  private static long day(MarketEvent e) {
    try {
      JsonNode node = JSON.readTree(e.raw());
      long t = node.has("t") ? node.path("t").asLong() : node.path("s").asLong();
      return Math.floorDiv(t, 86_400_000L) - Math.floorDiv(DAY0, 86_400_000L);
    } catch (Exception x) {
      throw new IllegalStateException(x);
    }
  }

  private static long secondDayVolume(List<MarketEvent> feed, String symbol) throws Exception {
    long volume = 0;
    for (MarketEvent e : feed) {
      if (e.ev().equals("T") && e.symbol().equals(symbol) && day(e) == 1) {
        volume += JSON.readTree(e.raw()).path("s").asLong();
      }
    }
    return volume;
  }

  /**
   * The feed: two sessions of 30 minutes; each minute every symbol trades a few times (with a
   * quote before each trade and a second aggregate after it) and closes the minute with an AM bar;
   * in the last minute every third symbol trades ten times its size, so that {@code
   * scanner:unusual} lists them. Seeded, so every call gives the same events in the same order.
   */
  private static List<MarketEvent> recordedFeed() {
    Random random = new Random(15);
    List<MarketEvent> feed = new ArrayList<>();
    long seq = 0;
    for (int day = 0; day < 2; day++) {
      Map<String, double[]> session = new HashMap<>(); // open, last, volume
      for (int minute = 0; minute < 30; minute++) {
        long minuteStart = DAY0 + day * 86_400_000L + minute * 60_000L;
        for (int symbolIndex = 0; symbolIndex < SYMBOLS.size(); symbolIndex++) {
          String symbol = SYMBOLS.get(symbolIndex);
          // the session's last minute is a burst for every third symbol: unusual volume at the end
          int burst = day == 1 && minute == 29 && symbolIndex % 3 == 0 ? 10 : 1;
          double[] s = session.computeIfAbsent(symbol, k -> new double[] {50 + random.nextInt(400), 0, 0});
          double last = s[1] == 0 ? s[0] : s[1];
          long minuteVolume = 0;
          int trades = 1 + random.nextInt(5);
          for (int i = 0; i < trades; i++) {
            long t = minuteStart + i * 7_000L + random.nextInt(5_000);
            last = Math.round((last * (1 + (random.nextGaussian() * 0.002))) * 100) / 100.0;
            long size = (1 + random.nextInt(900)) * burst;
            minuteVolume += size;
            seq++;
            feed.add(event("Q", symbol, "{\"ev\":\"Q\",\"sym\":\"" + symbol + "\",\"bp\":" + (last - 0.01) + ",\"bs\":3,\"ap\":"
                + (last + 0.01) + ",\"as\":4,\"t\":" + t + ",\"q\":" + seq + "}"));
            feed.add(event("T", symbol, "{\"ev\":\"T\",\"sym\":\"" + symbol + "\",\"x\":4,\"p\":" + last + ",\"s\":" + size
                + ",\"t\":" + t + ",\"q\":" + seq + "}"));
            long second = t / 1000 * 1000;
            feed.add(event("A", symbol, "{\"ev\":\"A\",\"sym\":\"" + symbol + "\",\"v\":" + size + ",\"av\":" + (long) (s[2] + minuteVolume)
                + ",\"op\":" + s[0] + ",\"vw\":" + last + ",\"o\":" + last + ",\"c\":" + last + ",\"h\":" + last + ",\"l\":" + last
                + ",\"a\":" + last + ",\"s\":" + second + ",\"e\":" + (second + 1000) + "}"));
          }
          s[1] = last;
          s[2] += minuteVolume;
          feed.add(event("AM", symbol, "{\"ev\":\"AM\",\"sym\":\"" + symbol + "\",\"v\":" + minuteVolume + ",\"av\":" + (long) s[2]
              + ",\"op\":" + s[0] + ",\"vw\":" + last + ",\"o\":" + last + ",\"c\":" + last + ",\"h\":" + last + ",\"l\":" + last
              + ",\"a\":" + last + ",\"s\":" + minuteStart + ",\"e\":" + (minuteStart + 60_000) + "}"));
        }
      }
    }
    return feed;
  }

  private static MarketEvent event(String ev, String symbol, String raw) {
    return new MarketEvent(ev, symbol, raw, System.currentTimeMillis(), System.nanoTime());
  }

  /** The partition queues and hash exchanges of the fixture's subscriptions. */
  private static void deletePartitions(DataplaneFixture fixture) {
    CachingConnectionFactory factory = fixture.rabbit();
    try {
      RabbitAdmin admin = new RabbitAdmin(factory);
      for (String queue : DataplaneFixture.QUEUES) {
        for (int p = 0; p < PARTITIONS; p++) {
          admin.deleteQueue(fixture.queuePrefix + queue + "." + p);
        }
        admin.deleteExchange(MdqPartitions.hashExchange(fixture.queuePrefix + queue));
      }
    } finally {
      factory.destroy();
    }
  }
}
