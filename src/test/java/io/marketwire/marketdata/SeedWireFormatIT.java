package io.marketwire.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import io.marketwire.app.Flows;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.MinuteBarsTruth;
import io.marketwire.testsupport.RunningApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Seed fidelity on the wire (seeds 000 and 001), against the real broker: what the seeds' own
 * clients read is there, what they write is understood, and a stream gets the configured retention
 * whoever declares it first.
 */
class SeedWireFormatIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SEED_000_FIELDS =
      Set.of("symbol", "bid_price", "ask_price", "bid_size", "ask_size", "last_price", "last_size", "volume", "timestamp",
          "exchange", "sequence_number");

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final BrokerAdmin admin = new BrokerAdmin();

  @AfterEach
  void tearDown() {
    admin.deleteStreams("it-json-" + id, "it-decl-" + id, "it-seed-" + id, "it-md-" + id, "it-nyse-" + id, "it-nasdaq-" + id, "it-cboe-" + id, "it-unified-" + id,
        "it-nbbo-" + id, "it-err-" + id);
    admin.close();
  }

  /** marketwire.market-data.format=json: a seed-000 consumer (plain client, JSON by field name) reads the day exactly. */
  @Test
  void theProducerWritesSeed000JsonThatAPlainClientReads() throws Exception {
    String stream = "it-json-" + id;
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.market-data.format", "json");
    o.put("marketwire.replay.symbols", "AZO");
    o.put("marketwire.replay.from", "2024-03-05");
    o.put("marketwire.replay.to", "2024-03-05");
    o.put("marketwire.replay.speed", "max");
    try (RunningApp app = RunningApp.start("file:routes/market-data/producer/producer.camel.yaml", o)) {
      await().atMost(Duration.ofMinutes(2))
          .until(() -> app.context().getRoute("market-data-producer").getConsumer() instanceof io.marketwire.source.TicksConsumer t
              && t.isFinished());
    }

    long ticks = 0;
    long volume = 0;
    for (byte[] body : admin.bodies(stream)) {
      JsonNode tick = JSON.readTree(new String(body, StandardCharsets.UTF_8)); // what json.loads gives the seed
      Set<String> fields = new java.util.HashSet<>();
      tick.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).isEqualTo(SEED_000_FIELDS);
      assertThat(tick.path("symbol").asText()).isEqualTo("AZO");
      assertThat(tick.path("timestamp").asText()).startsWith("2024-03-05T").endsWith("Z");
      ticks++;
      volume += tick.path("last_size").asLong();
    }
    MinuteBarsTruth.Day day =
        MinuteBarsTruth.days(List.of("AZO"), LocalDate.parse("2024-03-05"), LocalDate.parse("2024-03-05")).values().iterator().next();
    assertThat(ticks).isGreaterThanOrEqualTo(day.bars());
    assertThat(volume).as("the day's volume from the JSON ticks").isEqualTo(day.volume());
  }

  /** A consumer that starts first declares market-data with the same retention as the producer would. */
  @Test
  void aConsumerThatDeclaresTheStreamAppliesTheConfiguredRetention() throws Exception {
    String byConsumer = "it-decl-" + id;
    String byProducer = "it-json-" + id;
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.market-data.stream", byConsumer);
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/consumers"), o)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> admin.environment().streamExists(byConsumer));
    }
    o.put("marketwire.market-data.stream", byProducer);
    o.put("marketwire.replay.symbols", "AZO");
    o.put("marketwire.replay.from", "2024-03-05");
    o.put("marketwire.replay.to", "2024-03-05");
    try (RunningApp app = RunningApp.start("file:routes/market-data/producer/producer.camel.yaml", o)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> admin.environment().streamExists(byProducer));
    }

    Map<String, Object> consumerDeclared = admin.queueArguments(byConsumer);
    Map<String, Object> producerDeclared = admin.queueArguments(byProducer);
    for (String argument : List.of("x-max-age", "x-max-length-bytes", "x-stream-max-segment-size-bytes")) {
      assertThat(consumerDeclared.get(argument)).as(argument + " declared by the consumer").isNotNull()
          .isEqualTo(producerDeclared.get(argument));
    }
    assertThat(consumerDeclared.get("x-max-age")).isEqualTo("86400s"); // 24h in config/
  }

  /**
   * A seed-001 tick (ticker, price, volume, bid, ask; no exchange) written by a plain client into
   * the NYSE feed reaches the unified stream with its venue and receipt time in the body, and the
   * NBBO names the venue.
   */
  @Test
  void aSeed001TickWithoutAVenueIsEnrichedInTheBodyAndKeyedOnItsVenue() throws Exception {
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.exchanges.streams.nyse", "it-nyse-" + id);
    o.put("marketwire.exchanges.streams.nasdaq", "it-nasdaq-" + id);
    o.put("marketwire.exchanges.streams.cboe", "it-cboe-" + id);
    o.put("marketwire.exchanges.unified-stream", "it-unified-" + id);
    o.put("marketwire.exchanges.nbbo-stream", "it-nbbo-" + id);
    o.put("marketwire.market-data.errors-stream", "it-err-" + id);
    o.put("marketwire.exchanges.rate", "5");
    List<JsonNode> unified = new CopyOnWriteArrayList<>();
    List<JsonNode> nbbo = new CopyOnWriteArrayList<>();
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/exchanges"), o)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> admin.environment().streamExists("it-nyse-" + id));
      String seedTick = "{\"timestamp\": \"" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
          + "\", \"ticker\": \"ZSEED\", \"price\": 10.05, \"volume\": 300, \"bid\": 10.0, \"ask\": 10.1}";
      CountDownLatch confirmed = new CountDownLatch(1);
      try (Producer producer = admin.environment().producerBuilder().stream("it-nyse-" + id).build()) {
        producer.send(producer.messageBuilder().addData(seedTick.getBytes(StandardCharsets.UTF_8)).build(), s -> confirmed.countDown());
        assertThat(confirmed.await(10, TimeUnit.SECONDS)).isTrue();
      }
      try (var u = read("it-unified-" + id, unified);
          var n = read("it-nbbo-" + id, nbbo)) {
        await().atMost(Duration.ofSeconds(30))
            .until(() -> unified.stream().anyMatch(t -> t.path("symbol").asText().equals("ZSEED"))
                && nbbo.stream().anyMatch(b -> b.path("symbol").asText().equals("ZSEED")));
      }
    }
    JsonNode seed = unified.stream().filter(t -> t.path("symbol").asText().equals("ZSEED")).findFirst().orElseThrow();
    assertThat(seed.path("exchange").asText()).isEqualTo("NYSE");
    assertThat(seed.path("received_at").asText()).isNotEmpty();
    assertThat(seed.path("last_size").asLong()).isEqualTo(300);
    assertThat(unified).allSatisfy(t -> {
      assertThat(t.path("exchange").asText()).isIn("NYSE", "NASDAQ", "CBOE");
      assertThat(t.has("received_at")).isTrue();
    });
    JsonNode best = nbbo.stream().filter(b -> b.path("symbol").asText().equals("ZSEED")).findFirst().orElseThrow();
    assertThat(best.path("bidExchange").asText()).isEqualTo("NYSE");
    assertThat(best.path("askExchange").asText()).isEqualTo("NYSE");
  }

  /**
   * Seed 001's market_data stream as an extra source: its ticks reach market-data once each, also
   * when the bridge, restarted, reads some of them again (its stored offset set back).
   */
  @Test
  void seed001sMarketDataStreamIsOneMoreSourceExactlyOnce() throws Exception {
    String seedStream = "it-seed-" + id;
    String marketData = "it-md-" + id;
    admin.environment().streamCreator().stream(seedStream).create();
    publishSeed001(seedStream, 0, 20);
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.market-data.stream", marketData);
    o.put("marketwire.market-data.errors-stream", "it-err-" + id);
    o.put("marketwire.market-data.seed-source.enabled", "true");
    o.put("marketwire.market-data.seed-source.stream", seedStream);
    io.marketwire.model.MarketDataCodec codec = new io.marketwire.model.MarketDataCodec();
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/seed-source"), o)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> admin.environment().streamExists(marketData) && admin.messageCount(marketData) == 20);
    }
    List<BrokerAdmin.Published> firstRun = admin.published(marketData);
    assertThat(firstRun).extracting(BrokerAdmin.Published::publishingId).doesNotHaveDuplicates().hasSize(20);
    assertThat(codec.decode(firstRun.get(0).body()).lastSize()).as("seed 001's volume is the tick's size").isEqualTo(120);
    long lastId = firstRun.stream().mapToLong(BrokerAdmin.Published::publishingId).max().orElseThrow();

    // as if a crash lost the bridge's last stored offsets: it will read offsets 5.. again
    try (com.rabbitmq.stream.Consumer rewind = admin.environment().consumerBuilder().stream(seedStream).name("seed-source")
        .offset(OffsetSpecification.first()).manualTrackingStrategy().builder().messageHandler((ctx, m) -> {}).build()) {
      rewind.store(5);
      await().atMost(Duration.ofSeconds(10)).until(() -> admin.storedOffset(seedStream, "seed-source") == 5);
    }
    publishSeed001(seedStream, 20, 5);
    byte[] garbage = "{\"ticker\": \"ZSEED\", \"price\": \"abc\"}".getBytes(StandardCharsets.UTF_8);
    CountDownLatch sent = new CountDownLatch(1);
    try (Producer producer = admin.environment().producerBuilder().stream(seedStream).build()) {
      producer.send(producer.messageBuilder().addData(garbage).build(), s -> sent.countDown());
      assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
    }
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/seed-source"), o)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> admin.messageCount(marketData) >= 25);
      Thread.sleep(1500); // anything re-sent would land by now
    }
    List<BrokerAdmin.Published> all = admin.published(marketData);
    assertThat(all).as("20 + 5 ticks, the re-read ones dropped by the broker").hasSize(25);
    assertThat(all).extracting(BrokerAdmin.Published::publishingId).doesNotHaveDuplicates();
    assertThat(all.subList(20, 25)).extracting(p -> p.publishingId() > lastId).containsOnly(true);
    assertThat(all.subList(20, 25)).extracting(p -> codec.decode(p.body()).lastPrice()).containsExactly(30.5, 31.5, 32.5, 33.5, 34.5);
    // the undecodable one went to the errors stream, as is, and nowhere else
    await().atMost(Duration.ofSeconds(10)).until(() -> admin.environment().streamExists("it-err-" + id));
    assertThat(admin.bodies("it-err-" + id)).hasSize(1).first().isEqualTo(garbage);
  }

  private void publishSeed001(String stream, int from, int count) throws InterruptedException {
    CountDownLatch confirmed = new CountDownLatch(count);
    try (Producer producer = admin.environment().producerBuilder().stream(stream).build()) {
      for (int i = from; i < from + count; i++) {
        String tick = "{\"timestamp\": \"" + java.time.LocalDateTime.now(java.time.ZoneOffset.UTC) + "\", \"ticker\": \"ZSEED\","
            + " \"price\": " + (10 + i) + ".5, \"volume\": 120, \"bid\": null, \"ask\": null}";
        producer.send(producer.messageBuilder().addData(tick.getBytes(StandardCharsets.UTF_8)).build(), s -> confirmed.countDown());
      }
      assertThat(confirmed.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  private com.rabbitmq.stream.Consumer read(String stream, List<JsonNode> into) {
    await().atMost(Duration.ofSeconds(30)).until(() -> admin.environment().streamExists(stream));
    return admin.environment().consumerBuilder().stream(stream).offset(OffsetSpecification.first())
        .messageHandler((ctx, m) -> {
          try {
            into.add(JSON.readTree(m.getBodyAsBinary()));
          } catch (java.io.IOException e) {
            throw new IllegalStateException("not JSON in " + stream, e);
          }
        })
        .build();
  }
}
