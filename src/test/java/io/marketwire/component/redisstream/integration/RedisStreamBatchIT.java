package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.marketwire.component.redisstream.RedisStreamConstants;
import io.marketwire.component.redisstream.RedisStreamManualCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.junit.jupiter.api.Test;

/** Batch mode against the real Redis: one exchange per batch, acknowledged as a whole. */
class RedisStreamBatchIT extends RedisStreamITSupport {

  private static final String FAST_RECLAIM =
      "group=g&startId=0&block=100&minIdleTime=500&reclaimInterval=200&maxDeliveries=5";

  private final List<List<String>> batches = new CopyOnWriteArrayList<>();

  private List<String> add(int n, String prefix) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(redis.xadd(stream, Map.of("symbol", prefix + i, "price", Integer.toString(100 + i))));
    }
    return ids;
  }

  @SuppressWarnings("unchecked")
  private static List<Message> messages(Exchange exchange) {
    return exchange.getMessage().getBody(List.class);
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Exchange exchange) {
    return exchange.getMessage().getHeader(RedisStreamConstants.IDS, List.class);
  }

  @Test
  void aBatchIsOneListOfMessagesAndIsAcknowledgedOnlyAfterTheRouteSucceeded() throws Exception {
    List<String> added = add(10, "S");
    CountDownLatch inRoute = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    startRoute(
        "group=g&startId=0&batching=true&batchMaxSize=10&batchTimeout=2s&headerFields=symbol",
        exchange -> {
          List<Message> messages = messages(exchange);
          batches.add(ids(exchange));
          assertThat(messages).hasSize(10);
          for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            assertThat(m.getHeader(RedisStreamConstants.ID)).isEqualTo(added.get(i));
            assertThat(m.getHeader(RedisStreamConstants.DELIVERY_COUNT)).isEqualTo(1L);
            assertThat(m.getHeader("symbol")).isEqualTo("S" + i);
            assertThat(m.getBody(Map.class)).containsEntry("price", Integer.toString(100 + i));
          }
          inRoute.countDown();
          release.await(10, TimeUnit.SECONDS);
        });
    assertThat(inRoute.await(10, TimeUnit.SECONDS)).isTrue();
    // read by the group, route still running: every entry pending, none acknowledged
    assertThat(pending("g")).isEqualTo(10);
    release.countDown();
    await().atMost(Duration.ofSeconds(5)).until(() -> pending("g") == 0);
    assertThat(batches).containsExactly(added);
  }

  @Test
  void orderIsKeptAcrossBatchesAndNoBatchIsLargerThanBatchMaxSize() throws Exception {
    List<String> added = add(1050, "O");
    startRoute(
        "group=g&startId=0&batching=true&batchMaxSize=100&batchTimeout=50ms",
        exchange -> {
          assertThat(messages(exchange)).hasSameSizeAs(ids(exchange));
          batches.add(ids(exchange));
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> delivered().size() == 1050);
    assertThat(delivered()).containsExactlyElementsOf(added);
    assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeBetween(1, 100));
    await().atMost(Duration.ofSeconds(5)).until(() -> pending("g") == 0);
  }

  @Test
  void anIncompleteBatchIsHandedOverAfterBatchTimeout() throws Exception {
    startRoute(
        "group=g&startId=0&block=100&batching=true&batchMaxSize=500&batchTimeout=100ms",
        exchange -> batches.add(ids(exchange)));
    List<String> added = add(3, "T");
    await().atMost(Duration.ofSeconds(5)).until(() -> delivered().size() == 3);
    assertThat(delivered()).containsExactlyElementsOf(added);
  }

  @Test
  void aFailureInTheMiddleOfABatchRedeliversItFromItsFirstEntryWithNothingAcknowledged()
      throws Exception {
    List<String> added = add(5, "F");
    AtomicBoolean failedOnce = new AtomicBoolean();
    AtomicLong pendingAfterFailure = new AtomicLong(-1);
    List<Long> redeliveryCounts = new CopyOnWriteArrayList<>();
    startRoute(
        FAST_RECLAIM + "&batching=true&batchMaxSize=5&batchTimeout=2s",
        exchange -> {
          List<String> ids = ids(exchange);
          if (ids.contains(added.get(2)) && failedOnce.compareAndSet(false, true)) {
            // the third entry of five makes the whole batch fail (not a poison exception)
            throw new IllegalStateException("store unavailable");
          }
          batches.add(ids);
          messages(exchange)
              .forEach(m -> redeliveryCounts.add(m.getHeader(RedisStreamConstants.DELIVERY_COUNT, Long.class)));
          if (pendingAfterFailure.get() < 0) {
            pendingAfterFailure.set(pending("g"));
          }
        });
    await().atMost(Duration.ofSeconds(15)).until(() -> delivered().size() == 5);
    // the first delivery after the failure still found the whole batch pending
    assertThat(pendingAfterFailure.get()).isEqualTo(5);
    // redelivered from its first entry, in order, each entry a second time
    assertThat(delivered()).containsExactlyElementsOf(added);
    assertThat(redeliveryCounts).containsOnly(2L);
    await().atMost(Duration.ofSeconds(5)).until(() -> pending("g") == 0);
    assertThat(redis.xlen(stream + ":dlq")).isZero();
  }

  @Test
  void aPoisonEntryInAFailedBatchIsDeadLetteredAloneAndTheOthersGoThrough() throws Exception {
    redis.xadd(stream, Map.of("symbol", "A", "price", "1.5"));
    String poison = redis.xadd(stream, Map.of("symbol", "B", "price", "not-a-number"));
    redis.xadd(stream, Map.of("symbol", "C", "price", "2.5"));
    List<String> good = new CopyOnWriteArrayList<>();
    startRoute(
        FAST_RECLAIM + "&batching=true&batchMaxSize=3&batchTimeout=2s",
        exchange -> {
          List<String> symbols = new ArrayList<>();
          for (Message m : messages(exchange)) {
            Double.parseDouble((String) m.getBody(Map.class).get("price")); // NumberFormatException
            symbols.add((String) m.getBody(Map.class).get("symbol"));
          }
          good.addAll(symbols);
        });
    String dlq = stream + ":dlq";
    await().atMost(Duration.ofSeconds(15)).until(() -> redis.xlen(dlq) == 1 && good.size() == 2);
    StreamMessage<String, String> dead = redis.xrange(dlq, Range.unbounded()).get(0);
    assertThat(dead.getBody())
        .containsEntry(RedisStreamConstants.DLQ_SOURCE_ID, poison)
        .containsEntry(RedisStreamConstants.DLQ_EXCEPTION_CLASS, "java.lang.NumberFormatException");
    assertThat(good).containsExactly("A", "C");
    await().atMost(Duration.ofSeconds(5)).until(() -> pending("g") == 0);
  }

  @Test
  void manualCommitAcknowledgesTheBatchWhenTheRouteCallsIt() throws Exception {
    List<String> added = add(4, "M");
    AtomicLong pendingAfterCommit = new AtomicLong(-1);
    startRoute(
        "group=g&startId=0&batching=true&batchMaxSize=4&batchTimeout=2s&allowManualCommit=true",
        exchange -> {
          RedisStreamManualCommit commit =
              exchange
                  .getMessage()
                  .getHeader(RedisStreamConstants.MANUAL_COMMIT, RedisStreamManualCommit.class);
          assertThat(commit.ids()).isEqualTo(added);
          assertThat(pending("g")).isEqualTo(4);
          commit.commit();
          // commit() returns once Redis confirmed the XACK
          pendingAfterCommit.set(pending("g"));
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> pendingAfterCommit.get() >= 0);
    assertThat(pendingAfterCommit.get()).isZero();
  }

  @Test
  void withManualCommitNothingIsAcknowledgedUnlessTheRouteCommits() throws Exception {
    add(3, "N");
    List<String> seen = new CopyOnWriteArrayList<>();
    startRoute(
        "group=g&startId=0&allowManualCommit=true",
        exchange -> {
          assertThat(exchange.getMessage().getHeader(RedisStreamConstants.MANUAL_COMMIT))
              .isInstanceOf(RedisStreamManualCommit.class);
          seen.add(exchange.getMessage().getHeader(RedisStreamConstants.ID, String.class));
        });
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(() -> pending("g") == 3);
  }

  private List<String> delivered() {
    List<String> all = new ArrayList<>();
    batches.forEach(all::addAll);
    return all;
  }
}
