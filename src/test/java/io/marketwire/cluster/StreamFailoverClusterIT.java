package io.marketwire.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.stream.Consumer;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import io.marketwire.component.stream.RabbitMqStreamEnvironments;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams on the real three-node cluster ({@code ./marketwire test-cluster}) while nodes die: the
 * client is given every node (the cluster profile), streams have three replicas, and what the
 * producer saw confirmed is compared with what a final read of the stream holds.
 */
@Tag("integration")
@EnabledIfEnvironmentVariable(named = "MARKETWIRE_IT_CLUSTER", matches = "true")
class StreamFailoverClusterIT {

  private static final Logger LOG = LoggerFactory.getLogger(StreamFailoverClusterIT.class);
  private static final ClusterNodes CLUSTER = new ClusterNodes();
  private static final int MESSAGES = 30_000;

  private final String stream = "cluster-failover-" + UUID.randomUUID();
  private final List<Integer> stopped = new ArrayList<>();

  @BeforeAll
  static void clusterUp() {
    CLUSTER.up();
  }

  @AfterEach
  void wholeAgain() {
    for (int node : stopped) {
      if (!CLUSTER.alive(node)) {
        CLUSTER.start(node);
      }
    }
    try (Environment env = RabbitMqStreamEnvironments.create(CLUSTER.settings())) {
      env.deleteStream(stream);
    } catch (RuntimeException e) {
      LOG.warn("could not delete {}: {}", stream, e.getMessage());
    }
  }

  @Test
  void theLeaderKilledMidPublishingLosesNothingConfirmedAndConsumersContinueFromTheirStoredOffset()
      throws Exception {
    try (Environment env = RabbitMqStreamEnvironments.create(CLUSTER.settings())) {
      env.streamCreator().stream(stream).initialMemberCount(ClusterNodes.NODES).create();
      int leader = CLUSTER.leaderOf(1, stream);
      int askAfter = leader % ClusterNodes.NODES + 1;
      assertThat(CLUSTER.streamStatus(askAfter, stream)).as("members").hasSize(ClusterNodes.NODES);

      // a named consumer reads while the producer publishes, storing its offset as it goes
      String consumerName = "cluster-it-reader";
      Map<Long, Long> readBefore = new ConcurrentHashMap<>(); // offset -> id
      AtomicLong lastStored = new AtomicLong(-1);
      Consumer reader =
          env.consumerBuilder().stream(stream).name(consumerName)
              .offset(OffsetSpecification.first())
              .manualTrackingStrategy().builder()
              .messageHandler(
                  (context, message) -> {
                    readBefore.put(context.offset(), id(message.getBodyAsBinary()));
                    // it stores up to two thirds in, so the consumer after it has a rest to read
                    if (context.offset() % 1000 == 999 && context.offset() < MESSAGES * 2 / 3) {
                      context.storeOffset();
                      lastStored.set(context.offset());
                    }
                  })
              .build();

      ConfirmLedger ledger = new ConfirmLedger();
      Producer producer =
          env.producerBuilder().stream(stream).name("cluster-it-producer")
              .confirmTimeout(Duration.ofSeconds(10))
              .build();
      java.util.concurrent.CompletableFuture<Long> kill = null;
      long checkedThrough = 0; // every id up to here is confirmed
      for (long first = 1; first <= MESSAGES; first += 100) {
        long last = Math.min(MESSAGES, first + 99);
        ledger.send(producer, first, last);
        if (!ledger.failed.isEmpty()) {
          // no new id leaves until everything sent so far is confirmed, the failed ones sent again in order
          ledger.confirmInOrder(producer, checkedThrough + 1, last);
          checkedThrough = last;
        }
        LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // ~5,000 msg/s: ~6 s of publishing
        if (kill != null && last >= MESSAGES * 2 / 3 && !kill.isDone()) {
          // the last third goes after the kill, so that it lands beside the publishing even when
          // dev/services is slow on a loaded machine (a run finished publishing before the node was gone)
          kill.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (kill == null && ledger.confirmed.size() >= MESSAGES / 3) {
          // killed beside the publishing, which goes on into the dead connection and the recovery
          kill = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            LOG.info("SIGKILL of the leader {} after {} confirms", ClusterNodes.name(leader), ledger.confirmed.size());
            ledger.confirmedAtKill = ledger.confirmed.size();
            CLUSTER.kill(leader);
            return System.nanoTime(); // when the node is gone: what publishing resumes after
          });
        }
      }
      ledger.confirmInOrder(producer, checkedThrough + 1, MESSAGES);
      long killedAt = kill == null ? 0 : kill.get(60, java.util.concurrent.TimeUnit.SECONDS);
      stopped.add(leader);
      assertThat(killedAt).as("the leader was killed while publishing").isPositive();
      // what the broker did not confirm (the old leader died with it) is sent again with its
      // publishing id: the named producer's deduplication drops what was stored after all
      await("every message confirmed").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
          .until(() -> ledger.resendFailed(producer) == MESSAGES);
      long resumedMillis = (ledger.firstConfirmAfter(killedAt) - killedAt) / 1_000_000;
      LOG.info("publishing resumed {} ms after the kill; {} sends failed and were sent again", resumedMillis, ledger.resent.get());
      int newLeader = CLUSTER.leaderOf(askAfter, stream);
      assertThat(newLeader).as("a new leader").isNotEqualTo(leader);

      // the reader stops; a new consumer of the same name continues after the stored offset
      await().atMost(Duration.ofSeconds(60)).until(() -> lastStored.get() >= MESSAGES * 2 / 3 - 1000);
      reader.close();
      long stored = lastStored.get();
      Set<Long> upToStored = ConcurrentHashMap.newKeySet();
      readBefore.forEach((offset, id) -> { if (offset <= stored) upToStored.add(id); });
      Set<Long> continued = ConcurrentHashMap.newKeySet();
      List<Long> continuedOffsets = Collections.synchronizedList(new ArrayList<>());
      try (Consumer again =
          env.consumerBuilder().stream(stream).name(consumerName)
              .offset(OffsetSpecification.first())
              .manualTrackingStrategy().builder()
              .messageHandler(
                  (context, message) -> {
                    continuedOffsets.add(context.offset());
                    continued.add(id(message.getBodyAsBinary()));
                  })
              .build()) {
        // (stream offsets also count the broker's own entries, so ids are compared, not offsets)
        await().atMost(Duration.ofSeconds(60)).until(() -> upToStored.size() + continued.size() >= MESSAGES);
        assertThat(continuedOffsets.get(0)).as("first offset after the stored one").isEqualTo(stored + 1);
      }

      List<Long> all = readAll(env, stream);
      assertThat(Set.copyOf(all)).as("every confirmed id is in the stream").containsAll(ledger.confirmed);
      assertThat(all).as("no duplicates: the producer is named and deduplicated").doesNotHaveDuplicates();
      assertThat(all).hasSize(MESSAGES);
      assertThat(continued).as("the continuing consumer reads nothing before its stored offset")
          .doesNotContainAnyElementsOf(upToStored);
      Set<Long> together = new java.util.HashSet<>(upToStored);
      together.addAll(continued);
      assertThat(together).as("and everything after it").isEqualTo(Set.copyOf(all));
      producer.close();
    }
  }

  @Test
  void aNodeStoppedWhileTheClusterRunsCatchesUpWhenItComesBack() throws Exception {
    try (Environment env = RabbitMqStreamEnvironments.create(CLUSTER.settings())) {
      env.streamCreator().stream(stream).initialMemberCount(ClusterNodes.NODES).create();
      int leader = CLUSTER.leaderOf(1, stream);
      int replica = leader % ClusterNodes.NODES + 1;
      int ask = 6 - leader - replica; // the third node (1 + 2 + 3 = 6)
      ConfirmLedger ledger = new ConfirmLedger();
      Producer producer = env.producerBuilder().stream(stream).name("cluster-it-catch-up").build();

      publish(producer, ledger, 1, MESSAGES / 2);
      LOG.info("stopping replica {}", ClusterNodes.name(replica));
      CLUSTER.stop(replica);
      stopped.add(replica);
      assertThat(CLUSTER.runningNodes(ask)).doesNotContain(ClusterNodes.name(replica)).hasSize(2);
      // the two others keep the stream writable: a majority of its members
      publish(producer, ledger, MESSAGES / 2 + 1, MESSAGES);
      Map<String, ClusterStatus.Member> whileDown = CLUSTER.streamStatus(ask, stream);
      long leaderOffset = whileDown.get(ClusterNodes.name(leader)).offset();

      CLUSTER.start(replica);
      assertThat(CLUSTER.runningNodes(ask)).as("the cluster is whole").hasSize(ClusterNodes.NODES);
      await("the restarted replica holds everything")
          .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2))
          .until(() -> CLUSTER.streamStatus(replica, stream).get(ClusterNodes.name(replica)).offset() >= leaderOffset);
      List<Long> all = readAll(env, stream);
      assertThat(Set.copyOf(all)).containsAll(ledger.confirmed);
      assertThat(all).hasSize(MESSAGES).doesNotHaveDuplicates();
      producer.close();
    }
  }

  private static void publish(Producer producer, ConfirmLedger ledger, long from, long to) {
    for (long id = from; id <= to; id++) {
      ledger.send(producer, id);
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> ledger.resendFailed(producer) == to);
  }

  /** Every id in the stream, in stream order, read from the first offset to the last. */
  static List<Long> readAll(Environment env, String stream) {
    List<Long> ids = Collections.synchronizedList(new ArrayList<>());
    AtomicLong lastArrival = new AtomicLong(System.nanoTime());
    try (Consumer consumer =
        env.consumerBuilder().stream(stream).offset(OffsetSpecification.first())
            .messageHandler(
                (context, message) -> {
                  ids.add(id(message.getBodyAsBinary()));
                  lastArrival.set(System.nanoTime());
                })
            .build()) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> !ids.isEmpty() && System.nanoTime() - lastArrival.get() > 2_000_000_000L);
    }
    return new ArrayList<>(ids);
  }

  static byte[] body(long id) {
    return ByteBuffer.allocate(Long.BYTES).putLong(id).array();
  }

  static long id(byte[] body) {
    return ByteBuffer.wrap(body).getLong();
  }

  /** What a producer sent, what the broker confirmed and when, and what must be sent again. */
  static final class ConfirmLedger {
    final Set<Long> confirmed = ConcurrentHashMap.newKeySet();
    final Map<Long, Long> confirmedAt = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Long> failed = new ConcurrentLinkedQueue<>();
    final AtomicLong resent = new AtomicLong();
    volatile int confirmedAtKill;

    /*
     * Failed ids are sent again in order, before any new id: deduplication drops every id at or
     * below the highest one the broker stored for the producer's name, so a failed id sent again
     * after a higher one was stored would be confirmed and dropped.
     */
    void send(Producer producer, long first, long last) {
      for (long id = first; id <= last; id++) {
        send(producer, id);
      }
    }

    /**
     * Returns once ids first..last (sent) are all confirmed, sending the failed ones again in order.
     * While the producer recovers every send fails at once, so the pause between rounds doubles
     * (to 1 s) as long as a round confirms nothing new: a cut once cost 40-90k resends of 30,000
     * ids at a fixed 100 ms.
     */
    void confirmInOrder(Producer producer, long first, long last) {
      long pauseMillis = 100;
      int confirmedBefore = -1;
      while (true) {
        await("window " + first + ".." + last + " settled").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
            .until(() -> settled(first, last));
        java.util.List<Long> again = new ArrayList<>();
        for (long id = first; id <= last; id++) {
          if (!confirmed.contains(id)) {
            again.add(id);
          }
        }
        if (again.isEmpty()) {
          return;
        }
        failed.removeAll(again);
        pauseMillis = confirmed.size() > confirmedBefore ? 100 : Math.min(pauseMillis * 2, 1_000);
        confirmedBefore = confirmed.size();
        LockSupport.parkNanos(Duration.ofMillis(pauseMillis).toNanos()); // the producer recovering
        for (long id : again) {
          resent.incrementAndGet();
          send(producer, id);
        }
      }
    }

    private boolean settled(long first, long last) {
      for (long id = first; id <= last; id++) {
        if (!confirmed.contains(id) && !failed.contains(id)) {
          return false;
        }
      }
      return true;
    }

    void send(Producer producer, long id) {
      producer.send(
          producer.messageBuilder().publishingId(id).addData(body(id)).build(),
          status -> {
            if (status.isConfirmed()) {
              confirmed.add(id);
              confirmedAt.put(id, System.nanoTime());
            } else {
              failed.add(id);
            }
          });
    }

    /** Sends the failed ones again; the number confirmed so far. */
    int resendFailed(Producer producer) {
      Long id;
      while ((id = failed.poll()) != null) {
        if (!confirmed.contains(id)) {
          resent.incrementAndGet();
          send(producer, id);
        }
      }
      return confirmed.size();
    }

    /** The longest time between two confirms in a row: how long publishing stood still. */
    long longestGapMillis() {
      long[] times = confirmedAt.values().stream().mapToLong(Long::longValue).sorted().toArray();
      long longest = 0;
      for (int i = 1; i < times.length; i++) {
        longest = Math.max(longest, times[i] - times[i - 1]);
      }
      return longest / 1_000_000;
    }

    long firstConfirmAfter(long nanos) {
      return confirmedAt.values().stream().filter(t -> t > nanos).min(Long::compare).orElseThrow();
    }
  }
}
