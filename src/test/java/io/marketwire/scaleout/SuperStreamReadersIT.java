package io.marketwire.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import io.marketwire.app.Flows;
import io.marketwire.component.stream.RabbitMqStreamConstants;
import io.marketwire.marketdata.ConsumerLagMonitor;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.ConsumeRun;
import io.marketwire.testsupport.RunningApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The market-data readers besides the live consumer flows read a super stream as they read one
 * stream: each is run on a plain stream and on a 3-partition super stream holding the same ticks,
 * and must give the same result (issue 15).
 */
class SuperStreamReadersIT {

  private static final int PARTITIONS = 3;
  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "FDS", "GWW", "LII", "MSFT", "AAPL", "NVDA");

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final BrokerAdmin admin = new BrokerAdmin();
  private final List<String> plainStreams = new ArrayList<>();
  private final List<String> superStreams = new ArrayList<>();

  @AfterEach
  void tearDown() {
    admin.deleteStreams(plainStreams.toArray(String[]::new));
    admin.deleteStreams("scale-errors-" + id);
    admin.deleteSuperStreams(superStreams.toArray(String[]::new));
    admin.close();
  }

  /** {@code ./marketwire consume} from first and from a timestamp reads as many ticks either way. */
  @Test
  void consumeReadsTheSameTicksFromASuperStream() throws Exception {
    String plain = plainStream("scale-consume-");
    String partitioned = superStream("scale-consume-sup-");
    publishTicks(plain, false, 120);
    publishTicks(partitioned, true, 120);
    Thread.sleep(1500);
    Instant between = Instant.now();
    Thread.sleep(500);
    publishTicks(plain, false, 45);
    publishTicks(partitioned, true, 45);

    for (String offset : List.of("first", "timestamp:" + between)) {
      long onPlain = consume(plain, false, offset);
      long onSuper = consume(partitioned, true, offset);
      assertThat(onSuper).as("ticks read from %s on the super stream vs the plain stream", offset).isEqualTo(onPlain);
      assertThat(onPlain).as("ticks read from %s", offset).isEqualTo(offset.equals("first") ? 165 : 45);
    }
  }

  /**
   * The lag gauge of a named consumer: on the super stream the sum of each partition's lag, equal
   * to the plain stream's for the same ticks, with the per-partition detail. The test's consumer
   * commits nothing. First no offset is stored for its name (lag = every message); then the test
   * stores one in each stream and publishes one more tick, and each stream's lag must be its last
   * offset minus the stored one. (Stored offsets are tracking chunks in the stream's log that take
   * offsets of their own, so the second part compares offsets, not message counts.)
   */
  @Test
  void consumerLagIsTheSumOverThePartitions() throws Exception {
    String plain = plainStream("scale-lag-");
    String partitioned = superStream("scale-lag-sup-");
    String name = "scale-lag-" + id;
    // each tick confirmed before the next: one message per chunk, so RabbitMQ 4.0's committed
    // chunk id is the last offset and the lag exact
    int[] perPartition = {10, 20, 30};
    for (int p = 0; p < PARTITIONS; p++) {
      publishOneByOne(partitioned + "-" + p, perPartition[p]);
    }
    int total = IntStream.of(perPartition).sum();
    publishOneByOne(plain, total);

    LagReader onPlain = new LagReader(plain, false, name);
    LagReader onSuper = new LagReader(partitioned, true, name);
    try (onPlain; onSuper) {
      Map<String, Long> plainLags = onPlain.lagsOnceRead(1);
      Map<String, Long> superLags = onSuper.lagsOnceRead(PARTITIONS);
      assertThat(plainLags.get("lag")).as("nothing stored: every message").isEqualTo(total);
      assertThat(superLags.get("lag")).as("the super stream's lag, summed over partitions").isEqualTo(plainLags.get("lag"));
      for (int p = 0; p < PARTITIONS; p++) {
        assertThat(superLags.get(partitioned + "-" + p)).as("partition %d's lag", p).isEqualTo(perPartition[p]);
      }

      long[] storedAt = {4, 9, 14};
      long expectedSum = 0;
      for (int p = 0; p < PARTITIONS; p++) {
        String partition = partitioned + "-" + p;
        admin.environment().storeOffset(name, partition, storedAt[p]);
        expectedSum += onSuper.offsetOfOneMore(partition, () -> publishOneByOne(partition, 1)) - storedAt[p];
      }
      admin.environment().storeOffset(name, plain, 29);
      long plainExpected = onPlain.offsetOfOneMore(plain, () -> publishOneByOne(plain, 1)) - 29;
      long superExpected = expectedSum;
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(onPlain.lags().get("lag")).isEqualTo(plainExpected);
        Map<String, Long> lags = onSuper.lags();
        assertThat(lags.get("lag")).as("summed over partitions, stored offsets subtracted").isEqualTo(superExpected);
        for (int p = 0; p < PARTITIONS; p++) {
          String partition = partitioned + "-" + p;
          assertThat(lags.get(partition)).as("partition %d's lag", p).isEqualTo(onSuper.lastOffsets.get(partition) - storedAt[p]);
        }
      });
    }
  }

  /**
   * Seed 001's {@code market_data} republished into the market data exactly once: the tick's
   * source offset + 1 is its publishing id, deduplicated per partition under the same producer
   * name. After a rewind of the source consumer (a crash that lost stored offsets), the re-read
   * ticks are dropped, on the super stream as on the plain stream.
   */
  @Test
  void theSeedSourceRepublishesExactlyOnceIntoEachPartition() throws Exception {
    // two sources with the same ticks, so that each target is fed by a fresh seed-source name
    String seedForPlain = plainStream("scale-seed-src-");
    String seedForSuper = plainStream("scale-seed-src-sup-");
    String plain = plainStream("scale-seed-md-");
    String partitioned = superStream("scale-seed-sup-");
    Map<Long, String> onPlain = seedSourceTwice(seedForPlain, plain, false);
    Map<Long, String> onSuper = seedSourceTwice(seedForSuper, partitioned, true);
    assertThat(onPlain).hasSize(25);
    assertThat(onSuper).as("publishing id to tick, over the partitions").isEqualTo(onPlain);
    assertThat(admin.partitionsWithMessages(partitioned, PARTITIONS)).as("the tickers spread over several partitions").isGreaterThan(1);
  }

  // ------------------------------------------------------------------ consume

  private long consume(String stream, boolean superStream, String offset) {
    Map<String, String> o = overrides(stream, superStream);
    o.put("marketwire.consume.enabled", "true");
    o.put("marketwire.consume.name", "scale-" + UUID.randomUUID().toString().substring(0, 6));
    o.put("marketwire.consume.offset", offset);
    return ConsumeRun.ticksRead(o);
  }

  // ------------------------------------------------------------------ lag

  @FunctionalInterface
  private interface Publish {
    void run() throws InterruptedException;
  }

  /**
   * The app with the lag monitor and a named consumer of the stream that commits nothing,
   * recording the last offset it read of each stream (partition).
   */
  private static final class LagReader implements AutoCloseable {
    private final RunningApp app;
    private final ConsumerLagMonitor monitor;
    private final String name;
    private final Map<String, Long> lastOffsets = new java.util.concurrent.ConcurrentHashMap<>();

    LagReader(String stream, boolean superStream, String name) {
      this.name = name;
      String uri = "rabbitmq-stream:" + stream + "?superStream=" + superStream + "&consumerName=" + name + "&offsetTracking=MANUAL&offset=first";
      RouteBuilder reader =
          new RouteBuilder() {
            @Override
            public void configure() {
              from(uri).routeId("scale-lag-reader").process(e -> lastOffsets.merge(
                  e.getIn().getHeader(RabbitMqStreamConstants.PARTITION, String.class),
                  e.getIn().getHeader(RabbitMqStreamConstants.OFFSET, Long.class),
                  Math::max));
            }
          };
      Map<String, String> o = RunningApp.headless();
      o.put("marketwire.market-data.stream", stream);
      app = RunningApp.start("file:routes/market-data/consumers/lag.camel.yaml", o, main -> main.configure().addRoutesBuilder(reader));
      monitor = app.context().getRegistry().lookupByNameAndType("consumerLag", ConsumerLagMonitor.class);
    }

    /** The lags once the reader has read from {@code streams} streams (partitions) and all is read. */
    Map<String, Long> lagsOnceRead(int streams) {
      Map<String, Long> out = new TreeMap<>();
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        Map<String, Long> before = lags();
        Thread.sleep(500);
        out.clear();
        out.putAll(lags());
        return lastOffsets.size() == streams && out.equals(before) && out.containsKey("lag");
      });
      return out;
    }

    /** The monitor's lag for the name ("lag") and, on a super stream, each partition's. */
    Map<String, Long> lags() {
      Map<String, Long> out = new TreeMap<>();
      Long lag = monitor.check().get(name);
      out.putAll(monitor.partitionLags(name));
      if (lag != null) {
        out.put("lag", lag);
      }
      return out;
    }

    /** Runs {@code publish} (one message into {@code stream}); returns its offset once read. */
    long offsetOfOneMore(String stream, Publish publish) throws InterruptedException {
      long before = lastOffsets.getOrDefault(stream, -1L);
      publish.run();
      await().atMost(Duration.ofSeconds(20)).until(() -> lastOffsets.getOrDefault(stream, -1L) > before);
      return lastOffsets.get(stream);
    }

    @Override
    public void close() throws Exception {
      app.close();
    }
  }

  // ------------------------------------------------------------------ seed source

  /**
   * 20 seed ticks through the seed source; then a rewind to offset 5 and 5 more ticks, and the
   * seed source again; returns publishing id to tick as stored in the target.
   */
  private Map<Long, String> seedSourceTwice(String seed, String target, boolean superStream) throws Exception {
    admin.environment().streamCreator().stream(seed).create();
    publishSeed001(seed, 0, 20);
    Map<String, String> o = overrides(target, superStream);
    o.put("marketwire.market-data.seed-source.enabled", "true");
    o.put("marketwire.market-data.seed-source.stream", seed);
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/seed-source"), o)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> published(target, superStream).size() >= 20);
    }
    rewindSeedSource(seed, 5);
    publishSeed001(seed, 20, 5);
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/seed-source"), o)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> published(target, superStream).size() >= 25);
      Thread.sleep(1500); // anything re-sent would land by now
    }
    List<BrokerAdmin.Published> all = published(target, superStream);
    assertThat(all).extracting(BrokerAdmin.Published::publishingId).as("on %s", target).doesNotHaveDuplicates();
    MarketDataCodec codec = new MarketDataCodec();
    Map<Long, String> byId = new TreeMap<>();
    all.forEach(p -> {
      MarketData tick = codec.decode(p.body());
      byId.put(p.publishingId(), tick.symbol() + " " + tick.lastPrice() + " x " + tick.lastSize());
    });
    return byId;
  }

  private List<BrokerAdmin.Published> published(String target, boolean superStream) {
    if (!superStream) {
      return admin.published(target);
    }
    List<BrokerAdmin.Published> all = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      all.addAll(admin.published(target + "-" + p));
    }
    return all;
  }

  /** As if a crash lost the bridge's stored offsets: it reads from {@code offset} + 1 again. */
  private void rewindSeedSource(String seed, long offset) {
    try (com.rabbitmq.stream.Consumer rewind = admin.environment().consumerBuilder().stream(seed).name("seed-source")
        .offset(OffsetSpecification.first()).manualTrackingStrategy().builder().messageHandler((ctx, m) -> {}).build()) {
      rewind.store(offset);
      await().atMost(Duration.ofSeconds(10)).until(() -> admin.storedOffset(seed, "seed-source") == offset);
    }
  }

  private void publishSeed001(String stream, int from, int count) throws InterruptedException {
    CountDownLatch confirmed = new CountDownLatch(count);
    try (Producer producer = admin.environment().producerBuilder().stream(stream).build()) {
      for (int i = from; i < from + count; i++) {
        String tick = "{\"timestamp\": \"" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC) + "\", \"ticker\": \""
            + SYMBOLS.get(i % SYMBOLS.size()) + "\", \"price\": " + (10 + i) + ".5, \"volume\": " + (100 + i) + ", \"bid\": null, \"ask\": null}";
        producer.send(producer.messageBuilder().addData(tick.getBytes(StandardCharsets.UTF_8)).build(), s -> confirmed.countDown());
      }
      assertThat(confirmed.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  // ------------------------------------------------------------------ streams and ticks

  private String plainStream(String prefix) {
    String name = prefix + id;
    plainStreams.add(name);
    return name;
  }

  /** A super stream of {@link #PARTITIONS} partitions, declared now. */
  private String superStream(String prefix) {
    String name = prefix + id;
    superStreams.add(name);
    admin.createSuperStream(name, PARTITIONS);
    return name;
  }

  private Map<String, String> overrides(String stream, boolean superStream) {
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.market-data.errors-stream", "scale-errors-" + id);
    o.put("marketwire.market-data.super-stream", Boolean.toString(superStream));
    o.put("marketwire.market-data.partitions", Integer.toString(PARTITIONS));
    return o;
  }

  /** Ticks over {@link #SYMBOLS}; on a super stream routed by symbol, as the producer route does. */
  private void publishTicks(String stream, boolean superStream, int count) throws InterruptedException {
    List<MarketData> ticks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String symbol = SYMBOLS.get(i % SYMBOLS.size());
      ticks.add(new MarketData(symbol, 100.0, 10, 100.1, 10, 100.05, 5, 5, System.currentTimeMillis() * 1_000_000L, "", i + 1));
    }
    admin.publishTicks(stream, superStream, ticks);
  }

  /** {@code count} ticks into one stream, each confirmed before the next is sent. */
  private void publishOneByOne(String stream, int count) throws InterruptedException {
    if (!admin.environment().streamExists(stream)) {
      admin.environment().streamCreator().stream(stream).create();
    }
    MarketDataCodec codec = new MarketDataCodec();
    try (Producer producer = admin.environment().producerBuilder().stream(stream).build()) {
      for (int i = 0; i < count; i++) {
        MarketData tick = new MarketData("AZO", 100.0, 10, 100.1, 10, 100.05, 5, 5, System.currentTimeMillis() * 1_000_000L, "", i + 1);
        CountDownLatch confirmed = new CountDownLatch(1);
        producer.send(producer.messageBuilder().addData(codec.encodeBinary(tick)).build(), s -> confirmed.countDown());
        assertThat(confirmed.await(10, TimeUnit.SECONDS)).isTrue();
      }
    }
  }
}
