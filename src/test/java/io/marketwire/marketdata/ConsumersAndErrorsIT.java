package io.marketwire.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import io.marketwire.app.Flows;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.RunningApp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The consumers of market-data against a producer written as seed 000 writes (plain stream
 * client, seed-shaped JSON, no filter value) mixed with Marketwire's binary ticks and one message
 * that is not a tick: every consumer counts the valid ticks like any other, the filtered one only
 * its symbols, the two group members together see each tick once, and the bad message lands in
 * the error stream with its reason and its original bytes while the consumers go on.
 */
class ConsumersAndErrorsIT {

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String stream = "it-cons-" + id;
  private final String errors = "it-cons-errors-" + id;
  private BrokerAdmin admin;

  @BeforeEach
  void setUp() {
    admin = new BrokerAdmin();
  }

  @AfterEach
  void tearDown() {
    admin.deleteStreams(stream, errors, "it-cons-vwap-" + id);
    admin.deleteRedisKeys("marketwire:vwap:it-cons-" + id + ":state");
    admin.close();
  }

  @Test
  void seedShapedAndBinaryTicksAreCountedAndABadMessageGoesToTheErrorStream() throws Exception {
    admin.environment().streamCreator().stream(stream).create();
    int seedTicks = 60; // 30 AZO, 30 LII
    int binaryTicks = 40; // 20 AZO, 20 LII
    publish(seedTicks, binaryTicks);

    Map<String, String> o = new HashMap<>();
    o.put("camel.server.enabled", "false");
    o.put("camel.management.enabled", "false");
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.market-data.errors-stream", errors);
    o.put("marketwire.vwap.stream", "it-cons-vwap-" + id);
    o.put("marketwire.vwap.consumer-name", "it-cons-" + id);
    o.put("marketwire.consumers.filtered-symbols", "AZO");
    try (RunningApp app =
        RunningApp.start(Flows.routes("market-data/consumers", "market-data/vwap"), o)) {
      ConsumerActivity activity = app.context().getRegistry().lookupByNameAndType("consumerActivity", ConsumerActivity.class);
      VwapBatcher vwap = app.context().getRegistry().lookupByNameAndType("vwapBatcher", VwapBatcher.class);
      int valid = seedTicks + binaryTicks;
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(activity.count("archive")).isEqualTo(valid);
                assertThat(activity.count("filtered")).isEqualTo(valid / 2);
                assertThat(activity.count("group")).isEqualTo(valid);
                assertThat(vwap.book().all().values().stream().mapToLong(s -> s.count()).sum()).isEqualTo(valid);
              });
      // nothing more arrives: no tick was delivered twice
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
      assertThat(activity.count("archive")).isEqualTo(valid);
      assertThat(activity.count("group")).isEqualTo(valid);
      assertThat(activity.snapshot().get("filtered").get("top_symbols")).isEqualTo(List.of("AZO"));
      // the tape started at "next": it saw none of what was there before
      assertThat(activity.count("tape")).isZero();
    }

    // the bad message, once per consumer that read it (archive, filtered: it has no filter value,
    // the active group member, vwap; not the tape), with its reason and original bytes
    List<String> reasons = new CopyOnWriteArrayList<>();
    List<String> consumers = new CopyOnWriteArrayList<>();
    List<String> bodies = new CopyOnWriteArrayList<>();
    CountDownLatch seen = new CountDownLatch(1);
    try (var consumer =
        admin.environment().consumerBuilder().stream(errors).offset(OffsetSpecification.first())
            .messageHandler(
                (ctx, m) -> {
                  reasons.add(String.valueOf(m.getApplicationProperties().get("reason")));
                  consumers.add(String.valueOf(m.getApplicationProperties().get("consumer")));
                  bodies.add(new String(m.getBodyAsBinary(), StandardCharsets.UTF_8));
                  seen.countDown();
                })
            .build()) {
      assertThat(seen.await(20, TimeUnit.SECONDS)).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(() -> bodies.size() >= 4);
      await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    }
    assertThat(bodies).hasSize(4);
    assertThat(bodies).allMatch("this is not a tick"::equals);
    assertThat(reasons).allMatch(r -> r.contains("MarketData"));
    assertThat(consumers).containsExactlyInAnyOrder("archive", "filtered", "group", "it-cons-" + id);
  }

  private void publish(int seedTicks, int binaryTicks) throws Exception {
    MarketDataCodec codec = new MarketDataCodec();
    CountDownLatch confirmed = new CountDownLatch(seedTicks + binaryTicks + 1);
    try (Producer producer = admin.environment().producerBuilder().stream(stream).build()) {
      for (int i = 0; i < seedTicks; i++) {
        String symbol = i % 2 == 0 ? "AZO" : "LII";
        // exactly what seed 000's Python producer writes: Decimals as strings, ISO timestamp
        String json =
            "{\"symbol\": \"" + symbol + "\", \"bid_price\": \"100.10\", \"ask_price\": \"100.12\","
                + " \"bid_size\": \"500\", \"ask_size\": \"300\", \"last_price\": \"100.11\","
                + " \"last_size\": \"100\", \"volume\": \"" + (5000 + i) + "\", \"timestamp\": \""
                + Instant.now() + "\", \"exchange\": \"NASDAQ\", \"sequence_number\": " + i + "}";
        producer.send(producer.messageBuilder().addData(json.getBytes(StandardCharsets.UTF_8)).build(), s -> confirmed.countDown());
      }
      producer.send(
          producer.messageBuilder().addData("this is not a tick".getBytes(StandardCharsets.UTF_8)).build(),
          s -> confirmed.countDown());
      for (int i = 0; i < binaryTicks; i++) {
        String symbol = i % 2 == 0 ? "AZO" : "LII";
        MarketData tick = new MarketData(symbol, 99.9, 10, 100.1, 10, 100.0, 10, 1000 + i, System.currentTimeMillis() * 1_000_000L, "NYSE", i);
        producer.send(producer.messageBuilder().addData(codec.encodeBinary(tick)).build(), s -> confirmed.countDown());
      }
      assertThat(confirmed.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
