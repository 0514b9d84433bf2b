package io.marketwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Producer;
import com.rabbitmq.stream.StreamCreator.LeaderLocator;
import io.marketwire.cluster.StreamFailoverClusterIT.ConfirmLedger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A network partition of one node, made for real: the three nodes of the lab ({@link NetworkLab},
 * {@code dev/services netlab}) each live in a network namespace this test creates, and the cut
 * node's link is taken down, so nothing reaches it or leaves it (no reset, no goodbye: its peers
 * notice by the missing ticks). The cluster runs {@code pause_minority}. The cut node leads the
 * queue or stream under test, so the majority must elect a new leader and go on without it; after
 * the link is back, the node rejoins by itself and what it holds is compared with every message the
 * publisher saw confirmed.
 */
@Tag("integration")
@EnabledIfEnvironmentVariable(named = "MARKETWIRE_IT_CLUSTER", matches = "true")
class NetworkPartitionClusterIT {

  private static final Logger LOG = LoggerFactory.getLogger(NetworkPartitionClusterIT.class);
  private static final NetworkLab LAB = new NetworkLab();
  private static final ClusterStatus STATUS = new ClusterStatus(LAB::cli);
  private static final int CUT = 3;
  private static final int MESSAGES = 5_000;
  /** ~6 s of publishing at 5,000 msg/s, so the cut falls in the middle of it. */
  private static final int STREAM_MESSAGES = 30_000;

  private final String name = "lab-partition-" + UUID.randomUUID();
  private volatile boolean cut;

  @BeforeAll
  static void labUp() {
    LAB.up();
  }

  @AfterAll
  static void labDown() {
    // the namespaces, links and node folders are the test's own: none outlives it
    LAB.down();
  }

  @AfterEach
  void healed() {
    if (cut) {
      LAB.heal(CUT);
      awaitWhole();
    }
  }

  @Test
  void aQuorumQueueLedByTheCutNodeKeepsConfirmingOnTheMajorityAndLosesNothing() throws Exception {
    try (Connection onCutNode = LAB.connect(CUT, "lab-declare")) {
      // led by the node that will be cut: the majority has to elect a new leader
      onCutNode.createChannel().queueDeclare(
          name, true, false, false,
          Map.of("x-queue-type", "quorum", "x-quorum-initial-group-size", 3, "x-queue-leader-locator", "client-local"));
    }
    assertThat(STATUS.quorumLeader(1, name)).as("the queue's leader before the cut").isEqualTo(LAB.name(CUT));

    List<Long> confirmed = new ArrayList<>();
    try (Connection majority = LAB.connect(1, "lab-publisher")) {
      Channel channel = majority.createChannel();
      channel.confirmSelect();
      publish(channel, 1, MESSAGES / 2, confirmed);

      cutOff();
      long start = System.nanoTime();
      // the publishes wait for confirms until the majority has a new leader, then go through
      publish(channel, MESSAGES / 2 + 1, MESSAGES, confirmed);
      LOG.info("the majority confirmed {} publishes in {} ms with {} cut off", MESSAGES / 2, (System.nanoTime() - start) / 1_000_000, LAB.name(CUT));
      assertThat(STATUS.quorumLeader(1, name)).as("a new leader on the majority").isNotEqualTo(LAB.name(CUT));
      assertPaused(CUT);
    }

    LAB.heal(CUT);
    cut = false;
    awaitWhole();
    // read from the node that was cut off: its member caught up with the log it missed
    List<Long> read = await("the healed node serves the whole queue")
        .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
        .until(() -> readToTheEnd(CUT), ids -> ids.size() >= confirmed.size());
    assertThat(read).as("read from the node that was cut off")
        .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(confirmed);
    try (Connection connection = LAB.connect(1, "lab-cleanup")) {
      connection.createChannel().queueDelete(name);
    }
  }

  @Test
  void aStreamLedByTheCutNodeMovesToTheMajorityAndTheNodeCatchesUpAfterTheHeal() throws Exception {
    try (Environment onCutNode = LAB.streams(CUT)) {
      onCutNode.streamCreator().stream(name).initialMemberCount(NetworkLab.NODES)
          .leaderLocator(LeaderLocator.CLIENT_LOCAL).create();
    }
    assertThat(STATUS.streamWriter(1, name)).as("the stream's leader before the cut").isEqualTo(LAB.name(CUT));

    try (Environment env = LAB.streams(1, 2, 3)) {
      ConfirmLedger ledger = new ConfirmLedger();
      Producer producer = env.producerBuilder().stream(name).name("lab-producer").confirmTimeout(Duration.ofSeconds(10)).build();
      long checkedThrough = 0;
      CompletableFuture<Long> cutting = null;
      for (long first = 1; first <= STREAM_MESSAGES; first += 100) {
        long last = Math.min(STREAM_MESSAGES, first + 99);
        ledger.send(producer, first, last);
        if (cutting == null && first > STREAM_MESSAGES / 3) {
          // cut beside the publishing, which goes on into the dead link and the recovery
          cutting = CompletableFuture.supplyAsync(() -> {
            long at = System.nanoTime();
            cutOff();
            return at;
          });
        }
        if (!ledger.failed.isEmpty()) {
          // failed sends go again in order before any new id (deduplication: see ConfirmLedger)
          ledger.confirmInOrder(producer, checkedThrough + 1, last);
          checkedThrough = last;
        }
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // ~5,000 msg/s
      }
      ledger.confirmInOrder(producer, checkedThrough + 1, STREAM_MESSAGES);
      long cutAt = cutting.get(120, TimeUnit.SECONDS);
      // the client sends again by itself what its dead connection left unconfirmed (same
      // publishing ids, deduplicated); what it gave up on, the ledger sent again
      LOG.info("all {} confirmed {} ms after the cut; the longest wait between two confirms {} ms; {} sends timed out and went again",
          STREAM_MESSAGES, (System.nanoTime() - cutAt) / 1_000_000, ledger.longestGapMillis(), ledger.resent.get());
      assertThat(STATUS.streamWriter(1, name)).as("a new leader on the majority").isNotEqualTo(LAB.name(CUT));
      assertPaused(CUT);

      LAB.heal(CUT);
      cut = false;
      awaitWhole();
      long committed = offsetOn(1, STATUS.streamWriter(1, name));
      await("the healed node's replica holds everything the leader has")
          .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
          .until(() -> offsetOn(CUT, LAB.name(CUT)) >= committed);
      List<Long> all = StreamFailoverClusterIT.readAll(env, name);
      assertThat(Set.copyOf(all)).as("every confirmed id is in the stream").containsAll(ledger.confirmed);
      assertThat(all).as("once each").hasSize(STREAM_MESSAGES).doesNotHaveDuplicates();
      producer.close();
      env.deleteStream(name);
    }
  }

  private void cutOff() {
    LOG.info("cutting {}'s link", LAB.name(CUT));
    LAB.cut(CUT);
    cut = true;
    await("the majority sees the cut node gone")
        .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
        .until(() -> !STATUS.runningNodes(1).contains(LAB.name(CUT)));
  }

  /** pause_minority: the cut node stopped its RabbitMQ application (asked inside its namespace). */
  private static void assertPaused(int node) {
    await(LAB.name(node) + " pauses itself")
        .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .until(() -> LAB.cli(node, "rabbitmqctl", "-q", "eval", "rabbit:is_running().").trim().equals("false"));
  }

  private static void awaitWhole() {
    await("the cluster is whole again, with no partition reported")
        .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
        .until(() -> STATUS.runningNodes(1).size() == NetworkLab.NODES && STATUS.runningNodes(CUT).size() == NetworkLab.NODES
            && STATUS.noPartitions(1) && STATUS.noPartitions(CUT));
  }

  private long offsetOn(int askNode, String member) {
    return STATUS.streamStatus(askNode, name).get(member).offset();
  }

  /** Publishes ids {@code from..to} and waits for the broker's confirms. */
  private void publish(Channel channel, long from, long to, List<Long> confirmed) throws Exception {
    for (long id = from; id <= to; id++) {
      channel.basicPublish("", name, null, ByteBuffer.allocate(Long.BYTES).putLong(id).array());
    }
    channel.waitForConfirmsOrDie(90_000);
    for (long id = from; id <= to; id++) {
      confirmed.add(id);
    }
  }

  /** Every message of the queue, taken with basic.get from {@code node} until none is left. */
  private List<Long> readToTheEnd(int node) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection connection = LAB.connect(node, "lab-reader")) {
      Channel channel = connection.createChannel();
      GetResponse response;
      while ((response = channel.basicGet(name, false)) != null) {
        ids.add(ByteBuffer.wrap(response.getBody()).getLong());
      }
      // nothing acknowledged: a read that gives up half way leaves the queue whole
    }
    return ids;
  }
}
