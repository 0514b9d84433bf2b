package io.marketwire.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.marketwire.app.Flows;
import io.marketwire.marketdata.ConsumerActivity;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import io.marketwire.orders.Order;
import io.marketwire.orders.OrderHeaders;
import io.marketwire.orders.OrderJson;
import io.marketwire.orders.OrderStats;
import io.marketwire.orders.OrdersTopology;
import io.marketwire.testsupport.BrokerAdmin;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input that can never be decoded or validated goes straight to its dead-letter place, with its
 * reason, at every entry point of one running app: the quotes stream's five groups (stock_quotes:dlq,
 * once per group, nothing left pending), the market-data stream's consumers (market-data-errors)
 * and the orders exchange (orders.failed). Each lands within a second and is not delivered again,
 * and a good message sent after it is processed: the flow kept running.
 *
 * <p>With the old behaviour (a malformed quote retried after minIdleTime until maxDeliveries) the
 * quotes test fails: with the suite's minIdleTime of 1 s and maxDeliveries 3 the dead letters came
 * after about 3 s, with deliveryCount 3. Here beside QuotesITSupport, which it reuses for the
 * quotes side; the app also runs the market-data consumers and the order workers.
 */
class PoisonInputIT {

  private static final Duration AT_ONCE = Duration.ofSeconds(1);
  /** Longer than the suite's minIdleTime (1 s) plus a reclaim interval: any redelivery is done. */
  private static final Duration REDELIVERY_WINDOW = Duration.ofMillis(2000);

  private static final String ID = UUID.randomUUID().toString().substring(0, 8);
  private static final String MARKET_DATA = "it-poison-" + ID;
  private static final String MARKET_DATA_ERRORS = "it-poison-errors-" + ID;
  private static final String NAMESPACE = "it-poison-" + ID + ".";
  /** The market-data consumers that read a message published while they run. */
  private static final List<String> STREAM_CONSUMERS = List.of("tape", "archive", "filtered", "group");

  private static QuotesITSupport run;
  private static BrokerAdmin admin;
  private static OrdersTopology topology;

  @BeforeAll
  static void start() {
    admin = new BrokerAdmin();
    admin.environment().streamCreator().stream(MARKET_DATA).create();
    admin.environment().streamCreator().stream(MARKET_DATA_ERRORS).create();
    run = new QuotesITSupport("poison");
    Map<String, String> o = run.overrides();
    o.put("marketwire.market-data.stream", MARKET_DATA);
    o.put("marketwire.market-data.errors-stream", MARKET_DATA_ERRORS);
    o.put("marketwire.orders.namespace", NAMESPACE);
    o.put("marketwire.orders.failure-rate", "0");
    String routes =
        String.join(
            ",",
            Flows.routes("quotes/alerts", "quotes/volume", "quotes/technical", "quotes/events"),
            "file:routes/quotes/api/history.camel.yaml",
            Flows.routes("market-data/consumers"),
            "file:routes/orders/worker/worker.camel.yaml");
    run.start(routes, o);
    topology = run.bean("ordersTopology", OrdersTopology.class);
    run.awaitGroups(QuotesITSupport.ALL_GROUPS);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (run != null) {
        run.close();
      }
      if (topology != null) {
        topology.deleteAll();
      }
    } finally {
      admin.deleteStreams(MARKET_DATA, MARKET_DATA_ERRORS);
      admin.close();
    }
  }

  // ---- quotes: Redis stream, five consumer groups -------------------------------------------

  private record BadQuote(Map<String, String> fields, String reason) {}

  @Test
  void malformedQuotesAreDeadLetteredAtOnceByEveryGroupAndTheNextQuoteIsProcessed() throws Exception {
    List<BadQuote> bad =
        List.of(
            new BadQuote(quote("", "101.5", "10"), "field 'symbol' is missing"),
            new BadQuote(quote("PSNQ", "abc", "10"), "field 'price' = 'abc' is not a number"),
            new BadQuote(quote("PSNQ", "NaN", "10"), "field 'price' = 'NaN' is not a number"),
            new BadQuote(quote("PSNQ", "101.5", "-5"), "volume -5 is negative"),
            new BadQuote(Map.of("symbol", "PSNQ", "volume", "10"), "field 'price' is missing"));
    String dlq = run.stream + ":dlq";
    Map<String, String> reasonById = new LinkedHashMap<>();
    long sent = System.nanoTime();
    for (BadQuote quote : bad) {
      reasonById.put(run.xadd(quote.fields()), quote.reason());
    }
    int expected = bad.size() * QuotesITSupport.ALL_GROUPS.length;
    await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(20))
        .until(() -> deadLetters(dlq, reasonById.keySet()).size() == expected);
    assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(AT_ONCE);

    List<StreamMessage<String, String>> dead = deadLetters(dlq, reasonById.keySet());
    for (StreamMessage<String, String> letter : dead) {
      Map<String, String> f = letter.getBody();
      assertThat(f)
          .containsEntry("dlq.exceptionClass", MalformedQuoteException.class.getName())
          .containsEntry("dlq.deliveryCount", "1")
          .containsEntry("dlq.consumer", "it")
          .containsEntry("dlq.sourceStream", run.stream);
      assertThat(f.get("dlq.exceptionMessage")).contains(reasonById.get(f.get("dlq.sourceId")));
    }
    // once per group, each naming its group
    Map<String, Set<String>> groupsById = dead.stream().collect(Collectors.groupingBy(
        m -> m.getBody().get("dlq.sourceId"), Collectors.mapping(m -> m.getBody().get("dlq.group"), Collectors.toSet())));
    assertThat(groupsById).hasSize(bad.size())
        .allSatisfy((id, groups) -> assertThat(groups).containsExactlyInAnyOrder(QuotesITSupport.ALL_GROUPS));
    assertNothingPendingInAnyGroup();

    // a good quote after them goes through every group
    long t = Instant.parse("2024-03-01T15:00:00Z").getEpochSecond();
    String good = run.xadd(Map.of("symbol", "PSNQ", "price", "101.5", "volume", "10", "timestamp", Long.toString(t)));
    TechnicalAnalysis technical = run.bean("technicalAnalysis", TechnicalAnalysis.class);
    await().atMost(Duration.ofSeconds(10)).until(() -> technical.latest("PSNQ") != null
        && run.sqlCount("SELECT COUNT(*) FROM quotes WHERE entry_id = '" + good + "'") == 1);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
      for (String group : QuotesITSupport.ALL_GROUPS) {
        assertThat(lastDeliveredId(group)).as(group).isEqualTo(good);
      }
      assertNothingPendingInAnyGroup();
    });

    // not delivered again: after any reclaim would have happened, the same dead letters, none new
    await().pollDelay(REDELIVERY_WINDOW).until(() -> true);
    assertThat(deadLetters(dlq, reasonById.keySet())).hasSize(expected);
    assertThat(run.redis.xrange(dlq, Range.create("-", "+")))
        .noneSatisfy(m -> assertThat(m.getBody().get("dlq.sourceId")).isEqualTo(good));
    assertNothingPendingInAnyGroup();
  }

  private static Map<String, String> quote(String symbol, String price, String volume) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("symbol", symbol);
    fields.put("price", price);
    fields.put("volume", volume);
    fields.put("timestamp", "1709305200");
    return fields;
  }

  private static List<StreamMessage<String, String>> deadLetters(String dlq, Set<String> sourceIds) {
    return run.redis.xrange(dlq, Range.create("-", "+")).stream()
        .filter(m -> sourceIds.contains(m.getBody().get("dlq.sourceId")))
        .toList();
  }

  private static void assertNothingPendingInAnyGroup() {
    for (String group : QuotesITSupport.ALL_GROUPS) {
      assertThat(run.pending(group)).as("XPENDING of " + group).isZero();
    }
  }

  /** The group's last-delivered-id from XINFO GROUPS. */
  private static String lastDeliveredId(String group) {
    for (Object info : run.redis.xinfoGroups(run.stream)) {
      List<?> fields = (List<?>) info;
      if (group.equals(String.valueOf(fields.get(fields.indexOf("name") + 1)))) {
        return String.valueOf(fields.get(fields.indexOf("last-delivered-id") + 1));
      }
    }
    return null;
  }

  // ---- market data: RabbitMQ stream, several consumers ----------------------------------------

  private record Rejected(String body, String reason, String consumer) {}

  @Test
  void undecodableTicksGoToTheErrorStreamAtOnceAndTheNextTickIsCounted() throws Exception {
    ConsumerActivity activity = run.bean("consumerActivity", ConsumerActivity.class);
    MarketDataCodec codec = new MarketDataCodec();
    // every consumer is reading (the tape starts at "next": it counts only what comes after it)
    publish(List.of(codec.encodeBinary(tick("AZO", 1))));
    await().atMost(Duration.ofSeconds(30)).until(() -> STREAM_CONSUMERS.stream().allMatch(c -> activity.count(c) >= 1));
    Map<String, Long> before = STREAM_CONSUMERS.stream().collect(Collectors.toMap(c -> c, activity::count));

    byte[] binary = codec.encodeBinary(tick("AZO", 2));
    List<String> bad =
        List.of(
            "this is not a tick",
            seedJson("", "100.10", "5000"),
            seedJson("AZO", "abc", "5000"),
            seedJson("AZO", "NaN", "5000"),
            seedJson("AZO", "100.10", "-5"),
            "{\"symbol\": \"AZO\", \"bid_price\": \"100.10\"}");
    List<byte[]> messages = new ArrayList<>();
    bad.forEach(b -> messages.add(b.getBytes(StandardCharsets.UTF_8)));
    messages.add(java.util.Arrays.copyOf(binary, binary.length - 3)); // truncated binary
    List<Rejected> rejected = new CopyOnWriteArrayList<>();
    try (var errors = admin.environment().consumerBuilder().stream(MARKET_DATA_ERRORS)
        .offset(OffsetSpecification.first())
        .messageHandler((ctx, m) -> rejected.add(new Rejected(
            new String(m.getBodyAsBinary(), StandardCharsets.ISO_8859_1),
            String.valueOf(m.getApplicationProperties().get("reason")),
            String.valueOf(m.getApplicationProperties().get("consumer")))))
        .build()) {
      long sent = System.nanoTime();
      publish(messages);
      int expected = messages.size() * STREAM_CONSUMERS.size();
      await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(20)).until(() -> rejected.size() >= expected);
      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(AT_ONCE);

      // a good tick after them is counted by every consumer
      publish(List.of(codec.encodeBinary(tick("AZO", 3))));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(STREAM_CONSUMERS)
          .allSatisfy(c -> assertThat(activity.count(c)).as(c).isEqualTo(before.get(c) + 1)));

      // each bad message once per consumer, with its original bytes and the reason; nothing again
      await().pollDelay(REDELIVERY_WINDOW).until(() -> true);
      assertThat(rejected).hasSize(expected);
    }
    for (byte[] message : messages) {
      String body = new String(message, StandardCharsets.ISO_8859_1);
      assertThat(rejected).filteredOn(r -> r.body().equals(body)).extracting(Rejected::consumer)
          .containsExactlyInAnyOrderElementsOf(STREAM_CONSUMERS);
    }
    assertThat(rejected).extracting(Rejected::reason).allSatisfy(r -> assertThat(r).contains("MarketData"));
    assertThat(rejected).extracting(Rejected::reason).anySatisfy(r -> assertThat(r).contains("\"abc\": not a decimal number"))
        .anySatisfy(r -> assertThat(r).contains("bidPrice=NaN"))
        .anySatisfy(r -> assertThat(r).contains("volume=-5: must not be negative"))
        .anySatisfy(r -> assertThat(r).contains("symbol=\"\": symbol is required"))
        .anySatisfy(r -> assertThat(r).contains("truncated binary"));
  }

  private static MarketData tick(String symbol, long sequence) {
    return new MarketData(symbol, 99.9, 10, 100.1, 10, 100.0, 10, 1000, System.currentTimeMillis() * 1_000_000L, "NYSE", sequence);
  }

  /** A tick as seed 000's producer writes it, with the given symbol, bid price and volume. */
  private static String seedJson(String symbol, String bid, String volume) {
    return "{\"symbol\": \"" + symbol + "\", \"bid_price\": \"" + bid + "\", \"ask_price\": \"100.12\","
        + " \"bid_size\": \"500\", \"ask_size\": \"300\", \"last_price\": \"100.11\", \"last_size\": \"100\","
        + " \"volume\": \"" + volume + "\", \"timestamp\": \"" + Instant.now() + "\", \"exchange\": \"NASDAQ\"}";
  }

  private static void publish(List<byte[]> bodies) throws InterruptedException {
    CountDownLatch confirmed = new CountDownLatch(bodies.size());
    try (Producer producer = admin.environment().producerBuilder().stream(MARKET_DATA).build()) {
      for (byte[] body : bodies) {
        producer.send(producer.messageBuilder().addData(body).build(), s -> confirmed.countDown());
      }
      assertThat(confirmed.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  // ---- orders: AMQP exchange, competing workers -----------------------------------------------

  @Test
  void malformedOrdersGoToOrdersFailedAtOnceAndTheNextOrderIsProcessed() throws Exception {
    OrderStats stats = run.bean("orderStats", OrderStats.class);
    OrderJson json = new OrderJson();
    try (Connection connection = BrokerAdmin.amqpConnection("poison-it"); Channel channel = connection.createChannel()) {
      // the workers are consuming
      publishOrder(channel, "ok-1", json.write(order("ok-1")));
      await().atMost(Duration.ofSeconds(30)).until(() -> stats.processedIds().contains("ok-1"));

      Map<String, String> bad = new LinkedHashMap<>();
      bad.put("bad-json", "{\"id\": \"bad-json\", \"customer\":");
      bad.put("bad-empty", "");
      bad.put("bad-fields",
          "{\"id\": \"bad-fields\", \"customer\": \"\", \"product\": \"dock\", \"quantity\": -2, \"price\": \"abc\", \"region\": \"EU\"}");
      long sent = System.nanoTime();
      for (Map.Entry<String, String> order : bad.entrySet()) {
        publishOrder(channel, order.getKey(), order.getValue());
      }
      List<GetResponse> failed = new ArrayList<>();
      await().atMost(AT_ONCE).pollInterval(Duration.ofMillis(20)).until(() -> {
        drain(channel, failed);
        return failed.size() >= bad.size();
      });
      assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(AT_ONCE);

      assertThat(failed).extracting(r -> r.getProps().getMessageId()).containsExactlyInAnyOrderElementsOf(bad.keySet());
      for (GetResponse message : failed) {
        Map<String, Object> headers = message.getProps().getHeaders();
        // first attempt, never through a delay queue: only the broker's rejection from orders.work
        assertThat(String.valueOf(headers.get("x-death"))).contains("reason=rejected").doesNotContain("expired");
        assertThat(String.valueOf(headers.get(OrderHeaders.FAILURE_REASON))).startsWith("malformed order: ");
      }
      assertThat(failed).extracting(r -> String.valueOf(r.getProps().getHeaders().get(OrderHeaders.FAILURE_REASON)))
          .anySatisfy(r -> assertThat(r).contains("invalid JSON"))
          .anySatisfy(r -> assertThat(r).contains("empty body"))
          .anySatisfy(r -> assertThat(r).contains("missing field 'customer'", "quantity must be positive", "price must be a number"));

      publishOrder(channel, "ok-2", json.write(order("ok-2")));
      await().atMost(Duration.ofSeconds(5)).until(() -> stats.processedIds().contains("ok-2"));

      // not delivered again: no second dead letter, no retry, nothing left in the work queue
      await().pollDelay(REDELIVERY_WINDOW).until(() -> true);
      drain(channel, failed);
      assertThat(failed).hasSize(bad.size());
      assertThat(stats.deadLetteredIds()).containsExactlyInAnyOrderElementsOf(bad.keySet());
      assertThat(stats.retriedCount()).isZero();
      assertThat(stats.duplicatesCount()).isZero();
      assertThat(channel.messageCount(NAMESPACE + "orders.work")).isZero();
    }
  }

  private static Order order(String id) {
    return new Order(id, "alice", "dock", 1, new BigDecimal("19.90"), "EU", "normal");
  }

  private static void publishOrder(Channel channel, String id, String body) throws Exception {
    AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
        .messageId(id).contentType("application/json").deliveryMode(2).build();
    channel.basicPublish(NAMESPACE + "orders.direct", "order", props, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void drain(Channel channel, List<GetResponse> into) throws Exception {
    GetResponse response;
    while ((response = channel.basicGet(NAMESPACE + "orders.failed", true)) != null) {
      into.add(response);
    }
  }
}
