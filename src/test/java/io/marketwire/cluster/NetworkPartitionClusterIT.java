package io.marketwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.marketwire.config.BrokerSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partition of one node from the two others on the real three-node cluster ({@code ./marketwire
 * test-cluster}), made at the Erlang distribution level ({@code dev/services node partition}: the
 * node takes another cookie for its peers and drops its links, so nothing reconnects until it is
 * healed), with {@code cluster_partition_handling = pause_minority}. A quorum queue with a member
 * on each node: the majority keeps confirming publishes while the third node is cut off and
 * stops serving; healed, the cluster is whole with no partition reported, and the queue read to
 * its end from the node that was cut off holds every confirmed message exactly once.
 */
@Tag("integration")
@EnabledIfEnvironmentVariable(named = "MARKETWIRE_IT_CLUSTER", matches = "true")
class NetworkPartitionClusterIT {

  private static final Logger LOG = LoggerFactory.getLogger(NetworkPartitionClusterIT.class);
  private static final ClusterNodes CLUSTER = new ClusterNodes();
  private static final int CUT = 3;
  private static final int MESSAGES = 5_000;

  private final String queue = "mdp-partition-" + UUID.randomUUID();
  private boolean healed = true;

  @BeforeAll
  static void clusterUp() {
    CLUSTER.up();
  }

  @AfterEach
  void cleanUp() throws Exception {
    if (!healed) {
      CLUSTER.heal(CUT);
    }
    try (Connection connection = connect(1)) {
      connection.createChannel().queueDelete(queue);
    }
  }

  @Test
  void theMajorityKeepsServingAndNothingConfirmedIsLostWhenThePartitionHeals() throws Exception {
    List<Long> confirmed = new ArrayList<>();
    try (Connection majority = connect(1)) {
      Channel channel = majority.createChannel();
      channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "quorum", "x-quorum-initial-group-size", 3));
      channel.confirmSelect();
      publish(channel, 1, MESSAGES / 2, confirmed);

      CLUSTER.partition(CUT);
      healed = false;
      await("the majority sees the cut node gone")
          .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
          .until(() -> !CLUSTER.runningNodes(1).contains(ClusterNodes.name(CUT)));
      await("the cut node pauses itself (pause_minority) and refuses clients")
          .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
          .untilAsserted(() -> assertThatThrownBy(() -> connect(CUT).close()).isInstanceOf(Exception.class));
      long start = System.nanoTime();
      publish(channel, MESSAGES / 2 + 1, MESSAGES, confirmed);
      LOG.info(
          "majority confirmed {} publishes in {} ms while {} was cut off",
          MESSAGES / 2, (System.nanoTime() - start) / 1_000_000, ClusterNodes.name(CUT));
    }

    CLUSTER.heal(CUT);
    healed = true;
    long healedAt = System.nanoTime();
    await("the cluster is whole again, with no partition reported")
        .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
        .until(
            () -> CLUSTER.runningNodes(1).size() == ClusterNodes.NODES
                && CLUSTER.runningNodes(CUT).size() == ClusterNodes.NODES
                && CLUSTER.partitions(1).isEmpty()
                && CLUSTER.partitions(CUT).isEmpty());
    LOG.info("whole again {} ms after the heal", (System.nanoTime() - healedAt) / 1_000_000);

    List<Long> read = await("the cut node serves again")
        .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
        .ignoreExceptions()
        .until(() -> readToTheEnd(CUT), ids -> ids.size() >= confirmed.size());
    // a read that gave up half way returned its messages to the queue, out of their order
    assertThat(read).as("read from the node that was cut off").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(confirmed);
  }

  /** Publishes ids {@code from..to} and waits for the broker's confirms. */
  private void publish(Channel channel, long from, long to, List<Long> confirmed) throws Exception {
    for (long id = from; id <= to; id++) {
      channel.basicPublish("", queue, null, ByteBuffer.allocate(Long.BYTES).putLong(id).array());
    }
    channel.waitForConfirmsOrDie(60_000);
    for (long id = from; id <= to; id++) {
      confirmed.add(id);
    }
  }

  /** Every message of the queue, taken with basic.get from {@code node} until none is left. */
  private List<Long> readToTheEnd(int node) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection connection = connect(node)) {
      Channel channel = connection.createChannel();
      GetResponse response;
      while ((response = channel.basicGet(queue, false)) != null) {
        ids.add(ByteBuffer.wrap(response.getBody()).getLong());
      }
      // nothing acknowledged: the queue keeps its messages for another read
    }
    return ids;
  }

  private static Connection connect(int node) throws Exception {
    BrokerSettings settings = CLUSTER.settings();
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(settings.rabbitHost());
    factory.setPort(settings.amqpPort() - 1 + node);
    factory.setUsername(settings.rabbitUsername());
    factory.setPassword(settings.rabbitPassword());
    factory.setVirtualHost(settings.virtualHost());
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(5_000);
    return factory.newConnection("cluster-it-partition");
  }
}
