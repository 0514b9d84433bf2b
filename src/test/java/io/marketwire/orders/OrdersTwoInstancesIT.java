package io.marketwire.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.testsupport.RunningApp;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's order workers across app instances: two instances, each with its own connection and
 * worker consumers, compete for one work queue (AMQP's own competing consumers, prefetch 1). Every
 * confirmed order is processed by exactly one of them and both take a share; nothing of ours
 * coordinates them.
 */
class OrdersTwoInstancesIT {

  private static final String WORKER_ROUTES = "file:routes/orders/worker/worker.camel.yaml,file:routes/orders/worker/dispatch.camel.yaml";
  private static final String PRODUCER_ROUTES =
      "file:routes/orders/producer/producer.camel.yaml," + WORKER_ROUTES;
  private static final int ORDERS = 120;

  private final String namespace = "it2i-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  private RunningApp first;
  private RunningApp second;

  @AfterEach
  void cleanUp() throws Exception {
    if (second != null) {
      second.close();
    }
    if (first != null) {
      OrdersTopology topology = first.context().getRegistry().lookupByNameAndType("ordersTopology", OrdersTopology.class);
      first.close();
      topology.deleteAll();
    }
  }

  private Map<String, String> instance(String name) {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("marketwire.orders.namespace", namespace);
    overrides.put("camel.server.enabled", "false");
    overrides.put("camel.management.enabled", "false");
    overrides.put("marketwire.orders.failure-rate", "0");
    overrides.put("marketwire.orders.produce.malformed-every", "0");
    overrides.put("marketwire.orders.produce.run-id", namespace.substring(0, namespace.length() - 1));
    // one consumer per instance and a little work per order, so neither drains the queue alone
    overrides.put("marketwire.orders.worker.concurrency", "1");
    overrides.put("marketwire.orders.worker.id", name);
    return overrides;
  }

  private static OrderStats stats(RunningApp app) {
    return app.context().getRegistry().lookupByNameAndType("orderStats", OrderStats.class);
  }

  @Test
  void twoInstancesShareTheWorkQueueAndEachOrderIsProcessedOnce() {
    first = RunningApp.start(PRODUCER_ROUTES, instance("instance-a"));
    second = RunningApp.start(WORKER_ROUTES, instance("instance-b"));

    ProducerTemplate template = first.context().createProducerTemplate();
    for (int i = 0; i < ORDERS; i++) {
      template.send("direct:order-produce-one", e -> {});
    }
    OrderStats a = stats(first);
    OrderStats b = stats(second);
    // a's settled() would wait for its own stats to hold every order: b processed some of them
    await().atMost(Duration.ofSeconds(90)).until(() -> a.produced() == ORDERS && a.processedCount() + b.processedCount() >= ORDERS);

    assertThat(a.confirmedIds()).hasSize(ORDERS);
    Set<String> processedByBoth = new HashSet<>(a.processedIds());
    processedByBoth.retainAll(b.processedIds());
    assertThat(processedByBoth).as("orders processed by both instances").isEmpty();
    Set<String> processed = new HashSet<>(a.processedIds());
    processed.addAll(b.processedIds());
    assertThat(processed).isEqualTo(a.confirmedIds());
    // worker names are the instance's worker id with the consumer thread
    assertThat(a.processedPerWorker().keySet()).allMatch(worker -> worker.startsWith("instance-a/"));
    assertThat(b.processedPerWorker().keySet()).allMatch(worker -> worker.startsWith("instance-b/"));
    assertThat(a.processedCount()).as("instance a's share").isPositive();
    assertThat(b.processedCount()).as("instance b's share").isPositive();
    assertThat(a.duplicatesCount() + b.duplicatesCount()).isZero();
  }
}
