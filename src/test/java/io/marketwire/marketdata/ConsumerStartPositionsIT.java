package io.marketwire.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.stream.Producer;
import io.marketwire.app.Flows;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.ConsumeRun;
import io.marketwire.testsupport.RunningApp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./marketwire consume --offset ...}: a named consumer starts at first, an offset, a
 * timestamp or next, as seed 000's consumers do. The stream holds 100 ticks, then (two seconds
 * later) 50 more, then what the test from next adds; each start position must see exactly its part.
 */
class ConsumerStartPositionsIT {

  private static final String STREAM = "it-start-" + UUID.randomUUID().toString().substring(0, 8);
  private static final BrokerAdmin ADMIN = new BrokerAdmin();
  private static Instant between;
  private static final java.util.concurrent.atomic.AtomicLong STORED = new java.util.concurrent.atomic.AtomicLong();

  @BeforeAll
  static void fill() throws Exception {
    ADMIN.environment().streamCreator().stream(STREAM).create();
    publish(100);
    Thread.sleep(2000);
    between = Instant.now();
    Thread.sleep(500);
    publish(50);
  }

  @AfterAll
  static void tearDown() {
    ADMIN.deleteStreams(STREAM);
    ADMIN.close();
  }

  @Test
  void fromFirstReadsEverything() {
    assertThat(consume("first")).isEqualTo(STORED.get()).isGreaterThanOrEqualTo(150);
  }

  @Test
  void fromAnOffsetReadsFromThere() {
    assertThat(consume("offset:120")).isEqualTo(STORED.get() - 120);
  }

  @Test
  void fromATimestampReadsWhatWasStoredSince() {
    assertThat(consume("timestamp:" + between)).isEqualTo(STORED.get() - 100);
  }

  @Test
  void fromNextReadsOnlyWhatComesAfterTheStart() throws Exception {
    Map<String, String> o = overrides("next");
    try (RunningApp app = RunningApp.start(Flows.routes("market-data/consume"), o)) {
      ConsumerActivity activity = app.context().getRegistry().lookupByNameAndType("consumerActivity", ConsumerActivity.class);
      Thread.sleep(1500);
      assertThat(activity.count(o.get("marketwire.consume.name"))).isZero();
      publish(7);
      await().atMost(Duration.ofSeconds(20)).until(() -> activity.count(o.get("marketwire.consume.name")) == 7);
    }
  }

  private static long consume(String offset) {
    return ConsumeRun.ticksRead(overrides(offset));
  }

  private static Map<String, String> overrides(String offset) {
    Map<String, String> o = RunningApp.headless();
    o.put("marketwire.market-data.stream", STREAM);
    o.put("marketwire.market-data.errors-stream", STREAM + "-errors");
    o.put("marketwire.consume.enabled", "true");
    o.put("marketwire.consume.name", "it-" + UUID.randomUUID().toString().substring(0, 6));
    o.put("marketwire.consume.offset", offset);
    return o;
  }

  private static void publish(int count) throws InterruptedException {
    MarketDataCodec codec = new MarketDataCodec();
    CountDownLatch confirmed = new CountDownLatch(count);
    try (Producer producer = ADMIN.environment().producerBuilder().stream(STREAM).build()) {
      for (int i = 0; i < count; i++) {
        MarketData tick = new MarketData("AZO", 100.0, 10, 100.1, 10, 100.05, 5, 5, System.currentTimeMillis() * 1_000_000L, "", i + 1);
        producer.send(producer.messageBuilder().addData(codec.encodeBinary(tick)).build(), s -> confirmed.countDown());
      }
      assertThat(confirmed.await(20, TimeUnit.SECONDS)).isTrue();
    }
    STORED.addAndGet(count);
  }
}
