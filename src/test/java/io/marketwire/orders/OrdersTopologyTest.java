package io.marketwire.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketwire.config.LayeredProperties;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The queue arguments the order topology declares under each profile's {@code
 * marketwire.orders.queue-type}, read from config/ as the app reads it: on the single node (test
 * profile) the queues of free type stay classic as they were declared (no {@code x-queue-type}, so
 * the persistent broker's redeclare matches), on the cluster they are quorum; what holds orders is
 * quorum under both, and {@code orders.vip} ({@code marketwire.orders.vip.queue-type}) is classic
 * with its priority levels on the single node, quorum (two levels, no x-max-priority) on the cluster.
 */
class OrdersTopologyTest {

  private static final List<String> FREE_TYPE = List.of("logs.all", "logs.failed", "notifications", "analytics", "inventory.rpc");

  /** The topology's queues by name, under {@code profile}'s config (no connection is made). */
  private static Map<String, Queue> queues(String profile) {
    LayeredProperties config = LayeredProperties.load(Path.of("config"), profile, Map.of());
    OrdersSettings settings = OrdersSettings.from(config::requirePresent);
    CachingConnectionFactory unused = new CachingConnectionFactory("127.0.0.1");
    try {
      return new OrdersTopology(settings, unused).queues().stream().collect(Collectors.toMap(Queue::getName, Function.identity()));
    } finally {
      unused.destroy();
    }
  }

  @Test
  void onTheSingleNodeTheQueuesOfFreeTypeStayClassicAsDeclaredBefore() {
    Map<String, Queue> queues = queues("test");
    for (String name : FREE_TYPE) {
      assertThat(queues.get(name).getArguments()).as(name).doesNotContainKey("x-queue-type");
      assertThat(queues.get(name).isDurable()).as(name).isTrue();
    }
    assertThat(queues.get("analytics").getArguments())
        .containsEntry("x-overflow", "drop-head")
        .containsKeys("x-message-ttl", "x-max-length");
    assertOrdersQuorum(queues);
    assertThat(queues.get("orders.vip").getArguments()).doesNotContainKey("x-queue-type").containsEntry("x-max-priority", 10);
  }

  @Test
  void onTheClusterTheQueuesOfFreeTypeAreQuorumSoTheyOutliveANode() {
    Map<String, Queue> queues = queues("cluster");
    for (String name : FREE_TYPE) {
      assertThat(queues.get(name).getArguments()).as(name).containsEntry("x-queue-type", "quorum");
      assertThat(queues.get(name).isDurable()).as(name).isTrue();
    }
    // analytics keeps its limits: quorum queues take TTL, length and drop-head alike
    assertThat(queues.get("analytics").getArguments())
        .containsEntry("x-overflow", "drop-head")
        .containsKeys("x-message-ttl", "x-max-length");
    assertOrdersQuorum(queues);
    // a quorum queue refuses x-max-priority; its two levels need none
    assertThat(queues.get("orders.vip").getArguments()).containsEntry("x-queue-type", "quorum").doesNotContainKey("x-max-priority");
  }

  private static void assertOrdersQuorum(Map<String, Queue> queues) {
    for (String name : List.of("orders.work", "orders.failed", "orders.unroutable", "dispatch.eu", "dispatch.us", "logs.audit", "orders.retry.1")) {
      assertThat(queues.get(name).getArguments()).as(name).containsEntry("x-queue-type", "quorum");
    }
    assertThat(queues.keySet()).containsAll(FREE_TYPE);
  }

  @Test
  void aQueueTypeOtherThanClassicOrQuorumFailsNamingTheKey() {
    LayeredProperties config = LayeredProperties.load(Path.of("config"), "test", Map.of("MARKETWIRE_ORDERS_QUEUE_TYPE", "stream"));
    assertThatThrownBy(() -> OrdersSettings.from(config::requirePresent))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("marketwire.orders.queue-type");
    LayeredProperties vip = LayeredProperties.load(Path.of("config"), "test", Map.of("MARKETWIRE_ORDERS_VIP_QUEUE_TYPE", "stream"));
    assertThatThrownBy(() -> OrdersSettings.from(vip::requirePresent))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("marketwire.orders.vip.queue-type");
  }
}
