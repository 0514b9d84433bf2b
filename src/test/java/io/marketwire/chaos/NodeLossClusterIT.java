package io.marketwire.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.cluster.ClusterNodes;
import io.marketwire.config.LayeredProperties;
import io.marketwire.orders.OrdersSettings;
import io.marketwire.testsupport.RunningApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Node 1 of the cluster SIGKILLed, then the app and the chaos soak's orders ledger run on the
 * cluster profile: the broker health checks, which probe every configured node, are UP and name
 * node 1 as unreachable; the ledger, whose connections get every node too, publishes and reads
 * every order's outcome; node 1 started again, the check sees three nodes (issue 15). Before,
 * both talked to node 1 only, and were blind without it.
 */
@Tag("integration")
@EnabledIfEnvironmentVariable(named = "MARKETWIRE_IT_CLUSTER", matches = "true")
class NodeLossClusterIT {

  private static final ClusterNodes CLUSTER = new ClusterNodes();

  @Test
  void withNodeOneKilledHealthTellsTheTruthAndTheOrdersLedgerStillReads() throws Exception {
    CLUSTER.up();
    LayeredProperties config = LayeredProperties.load(Path.of("config"), "cluster", System.getenv());
    String node1 = CLUSTER.settings().amqpAddresses().get(0);
    ChaosRun run =
        new ChaosRun("scale" + UUID.randomUUID().toString().substring(0, 6), Files.createTempDirectory("scale-chaos"), 0.1, 15,
            CLUSTER.settings(), Path.of(config.require("marketwire.replay.directory")));
    OrdersSettings settings =
        OrdersSettings.from(key -> key.equals("marketwire.orders.namespace") ? OrdersLedger.namespace(run) : config.get(key).orElse(null));
    OrdersLedger ledger = new OrdersLedger(run, settings);
    Map<String, String> overrides = new HashMap<>(RunningApp.headless());
    overrides.putAll(ledger.appProperties());
    overrides.put("marketwire.routes.reload-enabled", "false");
    overrides.put("marketwire.upstream.server.enabled", "false");
    // node 1 dies first: orders.vip, a classic priority queue (the one the cluster profile keeps
    // classic, docs/cluster.md), lives on the node whose connection declared it, and every fifth
    // order of the ledger is a VIP one; the app declares it on a node that stays
    CLUSTER.kill(1);
    try (RunningApp app = RunningApp.startWithProfile("cluster", String.join(",", ledger.routes()), overrides)) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(answer(app.context(), "rabbitmq-amqp"))
              .contains("open on 2 of 3 nodes")
              .contains(node1 + " unreachable"));
      assertThat(check(app.context(), "rabbitmq-stream").getState()).isEqualTo(HealthCheck.State.UP);

      // the ledger's reader and publisher go to the nodes that answer
      ledger.start();
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(ledger::settled);
      List<LedgerRow> rows = ledger.account();
      LedgerRow orders = rows.get(0);
      assertThat(orders.produced()).isPositive();
      assertThat(orders.lost()).as("orders without an outcome the ledger read").isZero();
      assertThat(orders.deliveredOnce() + orders.deadLettered()).isEqualTo(orders.produced());

      // node 1 back: the check says the cluster is whole again
      CLUSTER.start(1);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(answer(app.context(), "rabbitmq-amqp")).contains("open on 3 of 3 nodes"));
    } finally {
      ledger.close();
      ledger.deleteTopology();
      if (!CLUSTER.alive(1)) {
        CLUSTER.start(1);
      }
    }
  }

  private static HealthCheck.Result check(CamelContext context, String id) {
    HealthCheck check = HealthCheckRegistry.get(context).getCheck(id).orElseThrow();
    return check.call();
  }

  /** The check's answer when UP; fails with its message when not. */
  private static String answer(CamelContext context, String id) {
    HealthCheck.Result result = check(context, id);
    assertThat(result.getState()).as("%s: %s", id, result.getMessage().orElse("")).isEqualTo(HealthCheck.State.UP);
    return String.valueOf(result.getDetails().get("answer"));
  }
}
