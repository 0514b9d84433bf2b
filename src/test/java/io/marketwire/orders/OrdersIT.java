package io.marketwire.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.marketwire.config.BrokerSettings;
import io.marketwire.testsupport.Broker;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.BrokerServices;
import io.marketwire.testsupport.LogCapture;
import io.marketwire.testsupport.RestartsBrokers;
import io.marketwire.testsupport.RunningApp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.springrabbit.CamelDirectMessageListenerContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order flows against the real RabbitMQ. Each test runs the app with its own namespace
 * (every exchange and queue name gets a unique prefix) and deletes what it declared, so tests do
 * not see each other's orders nor those of a running app.
 */
class OrdersIT {

  private static final String WORK_ROUTES =
      "file:routes/orders/producer/producer.camel.yaml,file:routes/orders/worker/worker.camel.yaml,file:routes/orders/worker/dispatch.camel.yaml";

  private final BrokerSettings broker = BrokerServices.get().settings();
  private final String namespace = "it-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  private RunningApp app;

  @AfterEach
  void cleanUp() throws Exception {
    if (app != null) {
      OrdersTopology topology = app.context().getRegistry().lookupByNameAndType("ordersTopology", OrdersTopology.class);
      app.close();
      topology.deleteAll();
    }
  }

  private RunningApp start(String routes, Map<String, String> extra) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("marketwire.orders.namespace", namespace);
    // no HTTP server: other suites (and other checkouts) may hold the test port
    overrides.put("camel.server.enabled", "false");
    overrides.put("camel.management.enabled", "false");
    overrides.put("marketwire.orders.failure-seed", "11");
    overrides.put("marketwire.orders.retry.max-attempts", "3");
    overrides.put("marketwire.orders.retry.initial-delay", "300ms");
    overrides.put("marketwire.orders.retry.multiplier", "2.0");
    overrides.put("marketwire.orders.produce.run-id", namespace.substring(0, namespace.length() - 1));
    overrides.putAll(extra);
    app = RunningApp.start(routes, overrides);
    return app;
  }

  private OrderStats stats() {
    return app.context().getRegistry().lookupByNameAndType("orderStats", OrderStats.class);
  }

  private void produce(int orders) {
    ProducerTemplate template = app.context().createProducerTemplate();
    for (int i = 0; i < orders; i++) {
      template.send("direct:order-produce-one", e -> {});
    }
  }

  @Test
  void everyOrderIsAccountedForAndDeadLettersCarryReasonAttemptsAndDeathHistory() throws Exception {
    start(WORK_ROUTES, Map.of(
        "marketwire.orders.failure-rate", "0.4",
        "marketwire.orders.failure-transient-share", "0.5",
        "marketwire.orders.produce.malformed-every", "7",
        "marketwire.orders.produce.unknown-region-every", "10",
        "marketwire.orders.produce.vip-every", "4",
        "marketwire.orders.produce.run-id", ACCOUNTED_RUN_ID));
    long failingForGood = failingForGood(ACCOUNTED_RUN_ID, 40, 7, 0.5);
    assertThat(failingForGood).as("the fixed run id makes some valid orders fail for good").isPositive();
    produce(40);
    OrderStats stats = stats();
    assertThat(stats.produced()).isEqualTo(40);
    await().atMost(Duration.ofSeconds(60)).until(() -> stats.settled()
        && stats.processedCount() == stats.dispatchedCount() + stats.unroutableCount());

    // produced = processed + dead-lettered, no order in both, none seen twice
    assertThat(stats.processedCount() + stats.deadLetteredCount()).isEqualTo(40);
    assertThat(stats.processedIds()).doesNotContainAnyElementsOf(stats.deadLetteredIds());
    assertThat(stats.duplicatesCount()).isZero();
    // the malformed orders (every 7th) did not stop the run: later orders were processed
    assertThat(stats.processedIds()).anySatisfy(id ->
        assertThat(Integer.parseInt(id.substring(id.lastIndexOf('-') + 1))).isGreaterThan(35));
    // unknown region (every 10th) matches no dispatch binding unless it is VIP (every 4th):
    // those land in orders.unroutable through the alternate exchange
    assertThat(stats.unroutableCount()).isEqualTo(stats.processedIds().stream()
        .mapToInt(id -> Integer.parseInt(id.substring(id.lastIndexOf('-') + 1)))
        .filter(n -> n % 10 == 0 && n % 4 != 0).count());
    assertThat(stats.retriedCount()).isPositive();

    // what orders.failed holds is exactly the dead-lettered orders, each with its reason
    List<com.rabbitmq.client.GetResponse> failed = drain(namespace + "orders.failed");
    assertThat(failed).extracting(r -> r.getProps().getMessageId())
        .containsExactlyInAnyOrderElementsOf(stats.deadLetteredIds());
    int malformed = 0;
    int outOfRetries = 0;
    for (GetResponse message : failed) {
      Map<String, Object> headers = message.getProps().getHeaders();
      String reason = String.valueOf(headers.get(OrderHeaders.FAILURE_REASON));
      if (reason.startsWith("malformed order: ")) {
        malformed++;
        // never retried: nacked once it was marked, dead-lettered by the broker from orders.work
        assertThat(deathsByQueue(headers)).containsOnly(Map.entry(namespace + "orders.work", "rejected"));
        assertThat(reason).containsAnyOf("invalid JSON", "missing field 'customer'", "quantity must be positive");
      } else {
        outOfRetries++;
        assertThat(reason).startsWith("gave up after 3 attempts; last failure: simulated permanent failure");
        assertThat(headers.get(OrderHeaders.ATTEMPT).toString()).isEqualTo("3");
        // the delay before the last attempt: initial 300 ms * 2^(2-1)
        assertThat(headers.get(OrderHeaders.RETRY_DELAY).toString()).isEqualTo("600");
        // the broker's rejection from orders.work in x-death (seed 004's nack), the delay queues
        // before it in x-death-history
        assertThat(deathsByQueue(headers)).containsOnly(
            Map.entry(namespace + "orders.retry.1", "expired"), Map.entry(namespace + "orders.retry.2", "expired"),
            Map.entry(namespace + "orders.work", "rejected"));
      }
    }
    assertThat(malformed).isEqualTo(5); // orders 7, 14, 21, 28, 35
    assertThat(outOfRetries).isEqualTo(failingForGood);

    // seed 004's log keys on logs.topic: order.created for every order, order.completed for every
    // processed one, order.failed for every dead letter
    Map<String, List<String>> keysById = new HashMap<>();
    for (GetResponse log : drain(namespace + "logs.all")) {
      keysById.computeIfAbsent(log.getProps().getMessageId(), k -> new ArrayList<>()).add(log.getEnvelope().getRoutingKey());
    }
    assertThat(stats.processedIds()).allSatisfy(id -> assertThat(keysById.get(id)).contains("order.created", "order.completed"));
    assertThat(stats.deadLetteredIds()).allSatisfy(id -> assertThat(keysById.get(id)).contains("order.failed"));

    // the backoff is in the delay queues' TTLs, as configured
    assertThat(queueArgument(namespace + "orders.retry.1", "x-message-ttl")).isEqualTo(300);
    assertThat(queueArgument(namespace + "orders.retry.2", "x-message-ttl")).isEqualTo(600);
    assertThat(queueArgument(namespace + "orders.work", "x-queue-type")).isEqualTo("quorum");
    assertThat(queueArgument(namespace + "orders.work", "x-overflow")).isEqualTo("reject-publish");
  }

  @Test
  void rpcCallIsAnsweredAndTimesOutCleanlyWithoutAServer() throws Exception {
    start("file:routes/orders/rpc-server/rpc-server.camel.yaml,file:routes/orders/rpc-client/rpc-client.camel.yaml",
        Map.of("marketwire.orders.rpc.timeout", "1500ms"));
    ProducerTemplate template = app.context().createProducerTemplate();
    template.sendBody("direct:inventory-check", null);
    OrderStats stats = stats();
    assertThat(stats.rpcAnsweredCount()).isEqualTo(1);

    app.context().getRouteController().stopRoute("orders-rpc-server");
    template.sendBody("direct:inventory-check", null);
    assertThat(stats.rpcTimedOutCount()).isEqualTo(1);
    // the stale request expires in the queue (per-message TTL = reply timeout) instead of being
    // answered late when a server comes back
    await().atMost(Duration.ofSeconds(10)).until(() -> messageCount(namespace + "inventory.rpc") == 0);

    app.context().getRouteController().startRoute("orders-rpc-server");
    template.sendBody("direct:inventory-check", null);
    assertThat(stats.rpcAnsweredCount()).isEqualTo(2);
  }

  @Test
  void consumerCancelledWhenTheQueueIsDeletedIsLoggedAndResumesWhenItComesBack() throws Exception {
    try (LogCapture log = LogCapture.of(CamelDirectMessageListenerContainer.class)) {
      start(WORK_ROUTES, Map.of("marketwire.orders.failure-rate", "0"));
      OrdersTopology topology = app.context().getRegistry().lookupByNameAndType("ordersTopology", OrdersTopology.class);
      topology.admin().deleteQueue(namespace + "orders.work");
      await().atMost(Duration.ofSeconds(20)).until(() -> log.contains("Consumer canceled - queue deleted?"));

      topology.declare(); // the queue comes back
      produce(3);
      await().atMost(Duration.ofSeconds(60)).until(() -> stats().processedCount() == 3);
    }
  }

  /**
   * A program declaring seed 004's topology (classic queues, exchanges without arguments) against
   * ours gets the broker's PRECONDITION_FAILED naming the argument that differs; ours is untouched.
   */
  @Test
  void theSeedsDeclarationsMeetAClearErrorAndChangeNothing() throws Exception {
    start(WORK_ROUTES, Map.of());
    try (Connection connection = connection()) {
      Channel seedQueue = connection.createChannel();
      assertThatThrownBy(() -> seedQueue.queueDeclare(namespace + "orders.failed", true, false, false, null))
          .hasStackTraceContaining("PRECONDITION_FAILED")
          .hasStackTraceContaining("inequivalent arg 'x-queue-type'");
      Channel seedExchange = connection.createChannel();
      assertThatThrownBy(() -> seedExchange.exchangeDeclare(namespace + "orders.direct", "direct", true))
          .hasStackTraceContaining("PRECONDITION_FAILED")
          .hasStackTraceContaining("alternate-exchange");
    }
    assertThat(queueArgument(namespace + "orders.failed", "x-queue-type")).isEqualTo("quorum");
    produce(3);
    await().atMost(Duration.ofSeconds(30)).until(() -> stats().processedCount() + stats().deadLetteredCount() == 3);
  }

  /**
   * The real order flow writes the audit log (seed 001): a rebuild from it knows every order's
   * fate. The worker runs as seed 004's "worker W1".
   */
  private static final String AUDIT_RUN_ID = "audit";
  private static final String ACCOUNTED_RUN_ID = "accounted";

  /**
   * How many of orders 1..count (every malformedEvery-th is malformed) the running app's simulator
   * makes fail every attempt. The failures are a function of (seed, order id), so with a fixed run
   * id a test knows them; with a random one it once saw none and failed.
   */
  private long failingForGood(String runId, int count, int malformedEvery, double transientShare) {
    OrdersSettings settings = app.context().getRegistry().lookupByNameAndType("ordersSettings", OrdersSettings.class);
    FailureSimulator simulator = new FailureSimulator(settings.failureRate(), transientShare, settings.failureSeed());
    return java.util.stream.IntStream.rangeClosed(1, count)
        .filter(n -> n % malformedEvery != 0)
        .filter(n -> simulator.failure(runId + "-" + n, 3) != null)
        .count();
  }

  @Test
  void theOrderFlowWritesTheAuditLog() throws Exception {
    String auditStream = namespace + "audit";
    start(WORK_ROUTES + ",file:routes/orders/audit/audit.camel.yaml", Map.of(
        "marketwire.audit.stream", auditStream,
        "marketwire.orders.failure-rate", "0.3",
        "marketwire.orders.failure-transient-share", "0",
        "marketwire.orders.produce.malformed-every", "5",
        "marketwire.orders.produce.run-id", AUDIT_RUN_ID,
        "marketwire.orders.worker.id", "W1"));
    long failingForGood = failingForGood(AUDIT_RUN_ID, 20, 5, 0);
    assertThat(failingForGood).as("the fixed run id makes some valid orders fail for good").isPositive();
    produce(20);
    OrderStats stats = stats();
    await().atMost(Duration.ofSeconds(60)).until(stats::settled);
    try (BrokerAdmin admin = new BrokerAdmin()) {
      long expected = 20 + stats.processedCount() + stats.deadLetteredCount(); // created + completed + failed
      await().atMost(Duration.ofSeconds(30)).until(() -> admin.environment().streamExists(auditStream)
          && admin.messageCount(auditStream) >= expected);
      io.marketwire.audit.AuditState rebuilt = new io.marketwire.audit.AuditRebuilder(admin.environment()).rebuild(auditStream);
      assertThat(rebuilt.eventsApplied()).isEqualTo(expected);
      assertThat(rebuilt.openOrders()).as("every order filled or cancelled").isEmpty();
      assertThat(rebuilt.errors()).as("the malformed orders (5, 10, 15, 20) as errors").isEqualTo(4);
      assertThat(stats.deadLetteredCount()).as("the malformed ones and those failing for good").isEqualTo(4 + failingForGood);
      assertThat(stats.processedPerWorker().keySet()).as("seed 004's worker id names the worker").allMatch(w -> w.startsWith("W1/"));
      admin.deleteStreams(auditStream);
    }
  }

  @RestartsBrokers
  @Test
  void brokerRestartInTheMiddleOfARunLosesNoConfirmedOrder() throws Exception {
    start(WORK_ROUTES, Map.of("marketwire.orders.failure-rate", "0", "marketwire.orders.produce.malformed-every", "0"));
    OrderStats stats = stats();
    CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(60));
    await().atMost(Duration.ofSeconds(30)).until(() -> stats.produced() >= 15);
    BrokerServices.get().restart(Broker.RABBITMQ);
    producing.get(120, java.util.concurrent.TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(90)).until(stats::settled);
    assertThat(stats.produced()).as("orders confirmed across the restart").isGreaterThanOrEqualTo(55);
    assertThat(stats.unsettled()).isEmpty();
    assertThat(stats.processedIds()).containsAll(stats.confirmedIds());
  }

  // ---- plain-client helpers -----------------------------------------------------------------

  private List<GetResponse> drain(String queue) throws Exception {
    List<GetResponse> messages = new ArrayList<>();
    try (Connection connection = connection(); Channel channel = connection.createChannel()) {
      GetResponse response;
      while ((response = channel.basicGet(queue, true)) != null) {
        messages.add(response);
      }
    }
    return messages;
  }

  private long messageCount(String queue) throws Exception {
    try (Connection connection = connection(); Channel channel = connection.createChannel()) {
      return channel.messageCount(queue);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> deathsByQueue(Map<String, Object> headers) {
    Map<String, String> deaths = new HashMap<>();
    List<Object> entries = new ArrayList<>((List<Object>) headers.get("x-death"));
    entries.addAll((List<Object>) headers.getOrDefault(OrderHeaders.DEATH_HISTORY, List.of()));
    for (Object entry : entries) {
      Map<String, Object> death = (Map<String, Object>) entry;
      deaths.put(death.get("queue").toString(), death.get("reason").toString());
      assertThat(((Number) death.get("count")).longValue()).isEqualTo(1);
    }
    return deaths;
  }

  private Object queueArgument(String queue, String argument) throws Exception {
    try (BrokerAdmin admin = new BrokerAdmin()) {
      return admin.queueArguments(queue).get(argument);
    }
  }

  private Connection connection() throws Exception {
    return BrokerAdmin.amqpConnection("orders-it");
  }
}
