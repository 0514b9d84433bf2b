package io.marketwire.chaos;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import io.marketwire.orders.Order;
import io.marketwire.orders.OrderJson;
import io.marketwire.orders.OrdersSettings;
import io.marketwire.orders.OrdersTopology;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * Orders under chaos: this JVM publishes orders (with publisher confirms, again until confirmed)
 * into the run's orders.direct, the app's workers process, retry or dead-letter them and its
 * dispatchers ship them. Every outcome is an event on logs.topic (order.shipped, order.failed,
 * order.unroutable) that the topology keeps in logs.all, which nothing consumes during the run:
 * at the end each order must have an outcome (at least once; extra events are duplicates).
 */
final class OrdersLedger implements Ledger {

  private static final Logger LOG = LoggerFactory.getLogger(OrdersLedger.class);
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  private static final List<String> REGIONS = List.of("EU", "US");

  private final ChaosRun run;
  private final OrdersSettings settings;
  private final ConnectionFactory factory = new ConnectionFactory();
  private final OrderJson json = new OrderJson();
  private final Set<String> published = ConcurrentHashMap.newKeySet();
  private final Set<String> malformed = ConcurrentHashMap.newKeySet();
  // order id -> routing keys of its outcome events, as they arrive from logs.all
  private final Map<String, List<String>> outcomes = new ConcurrentHashMap<>();
  // when each order was first published, and the publish-to-shipped latencies not yet sampled
  private final Map<String, Long> publishedAtNanos = new ConcurrentHashMap<>();
  private final List<Long> latenciesMillis = new ArrayList<>();
  private Connection ledgerConnection;
  private final List<Address> nodes;
  private final long count;
  private final long periodMillis;
  private final LoadGenerator generator;
  private Connection connection;
  private Channel channel;

  OrdersLedger(ChaosRun run, OrdersSettings settings) {
    this.run = run;
    this.settings = settings;
    // every node from config/ (one on a single node): connections go to the first that answers,
    // so losing a cluster's node 1 does not blind the ledger
    this.nodes = List.of(Address.parseAddresses(run.brokers().amqpAddressList()));
    factory.setVirtualHost(run.brokers().virtualHost());
    factory.setUsername(run.brokers().rabbitUsername());
    factory.setPassword(run.brokers().rabbitPassword());
    factory.setAutomaticRecoveryEnabled(false); // reconnects are this class's, after each failure
    this.periodMillis = 200;
    this.count = Math.max(20, Math.round(run.loadMillis() * 0.9 / periodMillis));
    Random random = new Random(run.seed());
    this.generator = new LoadGenerator("chaos-orders", count, periodMillis, n -> publishOrder(n, random));
  }

  static String namespace(ChaosRun run) {
    return run.name("orders") + ".";
  }

  @Override
  public List<String> routes() {
    return List.of("file:routes/orders/worker/worker.camel.yaml", "file:routes/orders/worker/dispatch.camel.yaml");
  }

  @Override
  public Map<String, String> appProperties() {
    return Map.of("marketwire.orders.namespace", namespace(run));
  }

  String describeLoad() {
    return count + " orders, one every " + periodMillis + " ms";
  }

  /**
   * Reads outcome events as they come, on a connection that recovers by itself (its consumer too)
   * after a broker restart; acknowledged after they are recorded, so none is lost in between.
   */
  @Override
  public void start() throws Exception {
    ConnectionFactory recovering = factory.clone();
    recovering.setAutomaticRecoveryEnabled(true);
    recovering.setNetworkRecoveryInterval(1000);
    ledgerConnection = recovering.newConnection(nodes, "chaos-ledger");
    Channel ch = ledgerConnection.createChannel();
    ch.basicQos(500);
    ch.basicConsume(
        settings.logsAllQueue(),
        false,
        (tag, delivery) -> {
          record(delivery.getEnvelope().getRoutingKey(), delivery.getProperties().getMessageId(), delivery.getBody());
          ch.basicAck(delivery.getEnvelope().getDeliveryTag(), false);
        },
        tag -> {});
    generator.start();
  }

  private void publishOrder(long n, Random random) {
    String id = run.name("order") + "-" + n;
    String region = n % 11 == 0 ? "APAC" : REGIONS.get(random.nextInt(REGIONS.size()));
    Order order =
        new Order(id, "chaos", "dock", 1 + random.nextInt(5), BigDecimal.valueOf(1000 + n, 2), region, n % 5 == 0 ? "vip" : "normal");
    publishedAtNanos.putIfAbsent(id, System.nanoTime());
    if (publish(id, json.write(order))) {
      published.add(id);
    }
  }

  @Override
  public void injectMalformed() {
    long n = malformed.size() + 1;
    String id = run.name("bad-order") + "-" + n;
    String[] bodies = {
      "{\"id\":\"" + id + "a\",\"customer\":\"mallory\",\"product\":",
      "{\"id\":\"" + id + "b\",\"customer\":\"mallory\",\"product\":\"dock\",\"quantity\":-3,\"price\":10.0,\"region\":\"EU\"}"
    };
    for (String body : bodies) {
      String bodyId = idOf(body);
      if (publish(bodyId, body)) {
        malformed.add(bodyId);
      }
    }
  }

  /** Publishes until the broker confirms, reconnecting after any failure; false only when stopped. */
  private synchronized boolean publish(String id, String body) {
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder().messageId(id).contentType("application/json").deliveryMode(2).build();
    while (!generator.isStopped()) {
      try {
        if (channel == null || !channel.isOpen()) {
          closeQuietly();
          connection = factory.newConnection(nodes, "chaos-orders");
          channel = connection.createChannel();
          channel.confirmSelect();
        }
        channel.basicPublish(settings.directExchange(), "order", props, body.getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
        return true;
      } catch (Exception e) {
        // not confirmed: the same order again (a copy may have been stored: at least once)
        LOG.debug("order {} not confirmed ({}); publishing it again", id, e.toString());
        closeQuietly();
        generator.pause(500);
      }
    }
    return false;
  }

  @Override
  public boolean settled() {
    return outcomes.keySet().containsAll(published) && outcomes.keySet().containsAll(malformed) && !generator.isRunning();
  }

  private void record(String key, String messageId, byte[] body) {
    if (!key.equals("order.shipped") && !key.equals("order.failed") && !key.equals("order.unroutable")) {
      return;
    }
    String id = messageId == null || messageId.isBlank() ? idOf(new String(body, StandardCharsets.UTF_8)) : messageId;
    List<String> got = outcomes.computeIfAbsent(id, k -> java.util.Collections.synchronizedList(new ArrayList<>()));
    got.add(key);
    Long at = publishedAtNanos.get(id);
    if (got.size() == 1 && at != null && key.equals("order.shipped")) {
      synchronized (latenciesMillis) {
        latenciesMillis.add((System.nanoTime() - at) / 1_000_000);
      }
    }
  }

  /** Publish-to-shipped latencies (ms) of the orders shipped since the last call. */
  List<Long> takeLatencies() {
    synchronized (latenciesMillis) {
      List<Long> taken = new ArrayList<>(latenciesMillis);
      latenciesMillis.clear();
      return taken;
    }
  }

  @Override
  public List<LedgerRow> account() {
    long once = 0;
    long duplicates = 0;
    long deadLettered = 0;
    long lost = 0;
    for (String id : published) {
      List<String> got = outcomes.get(id);
      if (got == null) {
        lost++;
        continue;
      }
      duplicates += got.size() - 1;
      if (got.contains("order.shipped")) {
        once++;
      } else {
        deadLettered++;
      }
    }
    long badDeadLettered = 0;
    long badLost = 0;
    long badDuplicates = 0;
    Set<String> notFailed = new LinkedHashSet<>();
    for (String id : malformed) {
      List<String> got = outcomes.get(id);
      if (got != null && got.contains("order.failed")) {
        badDeadLettered++;
        badDuplicates += got.size() - 1;
      } else {
        badLost++;
        notFailed.add(id);
      }
    }
    return List.of(
        new LedgerRow("orders", LedgerRow.Guarantee.AT_LEAST_ONCE, published.size(), once, duplicates, deadLettered, 0, lost,
            "shipped, or failed/unroutable with a reason"),
        new LedgerRow("orders malformed", LedgerRow.Guarantee.DEAD_LETTERED, malformed.size(), 0, badDuplicates, badDeadLettered, 0, badLost,
            notFailed.isEmpty() ? "in orders.failed" : "not dead-lettered: " + notFailed));
  }

  private static String idOf(String body) {
    Matcher m = ID.matcher(body);
    return m.find() ? m.group(1) : "?";
  }

  private void closeQuietly() {
    try {
      if (connection != null) {
        connection.abort(1000);
      }
    } catch (RuntimeException ignored) {
      // already gone
    }
    connection = null;
    channel = null;
  }

  @Override
  public void close() {
    generator.stop();
    synchronized (this) {
      closeQuietly();
    }
    if (ledgerConnection != null) {
      try {
        ledgerConnection.abort(1000);
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
  }

  /** Deletes the run's order topology (the queues and exchanges of its namespace). */
  void deleteTopology() {
    CachingConnectionFactory spring = new CachingConnectionFactory(factory);
    spring.setAddresses(run.brokers().amqpAddressList());
    try {
      new OrdersTopology(settings, spring).deleteAll();
    } catch (RuntimeException e) {
      LOG.debug("cleanup of the run's order topology failed: {}", e.toString());
    } finally {
      spring.destroy();
    }
  }
}
