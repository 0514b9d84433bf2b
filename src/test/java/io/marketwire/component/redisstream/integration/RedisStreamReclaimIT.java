package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.marketwire.component.redisstream.RedisStreamConstants;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** A consumer dies with entries pending: a live one takes them over, each exactly once. */
class RedisStreamReclaimIT extends RedisStreamITSupport {

  private final Map<String, Integer> processedByB = new ConcurrentHashMap<>();
  private final Map<String, Long> deliveryCounts = new ConcurrentHashMap<>();

  private void startSurvivor() throws Exception {
    String from =
        uri("group=g&consumerName=b&block=100&minIdleTime=500&reclaimInterval=200&count=7");
    startContext(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(from)
                .routeId("survivor")
                .process(
                    e -> {
                      String id = e.getMessage().getHeader(RedisStreamConstants.ID, String.class);
                      processedByB.merge(id, 1, Integer::sum);
                      deliveryCounts.put(
                          id,
                          e.getMessage()
                              .getHeader(RedisStreamConstants.DELIVERY_COUNT, Long.class));
                    });
          }
        });
  }

  private void assertEachProcessedExactlyOnce(Set<String> ids) {
    await().atMost(Duration.ofSeconds(20)).until(() -> processedByB.keySet().containsAll(ids));
    // and no second delivery shows up afterwards
    await()
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(3))
        .until(() -> processedByB.values().stream().allMatch(n -> n == 1));
    await().atMost(Duration.ofSeconds(5)).until(() -> pending("g") == 0);
  }

  @Test
  void entriesOfAStoppedConsumerWhoseRouteNeverAckedAreReclaimedOnce() throws Exception {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      ids.add(redis.xadd(stream, Map.of("n", "" + i)));
    }
    // consumer a: its route fails every entry, so nothing is acked; it never reclaims (10 min)
    String fromA =
        uri("group=g&consumerName=a&startId=0&block=100&minIdleTime=10m&maxDeliveries=0");
    CamelContext a =
        startContext(
            new RouteBuilder() {
              @Override
              public void configure() {
                from(fromA).throwException(new IllegalStateException("a is broken"));
              }
            });
    await().atMost(Duration.ofSeconds(10)).until(() -> pending("g") == 50);
    stopContext(a);

    startSurvivor();
    assertEachProcessedExactlyOnce(ids);
    // one delivery to a, one reclaim by b
    assertThat(deliveryCounts.values()).containsOnly(2L);
    // b's route succeeded: the errors a left behind are cleaned up
    await().atMost(Duration.ofSeconds(5)).until(() -> redis.exists(stream + ":errors:g") == 0);
  }

  @Test
  void entriesReadByAProcessThatCrashedAreReclaimedOnce() throws Exception {
    // a "process" reads entries with plain Lettuce and dies before acknowledging anything
    redis.xgroupCreate(
        XReadArgs.StreamOffset.from(stream, "0"), "g", XGroupCreateArgs.Builder.mkstream());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      ids.add(redis.xadd(stream, Map.of("n", "" + i)));
    }
    assertThat(
            redis.xreadgroup(
                Consumer.from("g", "crashed"),
                XReadArgs.Builder.count(100),
                XReadArgs.StreamOffset.lastConsumed(stream)))
        .hasSize(40);
    // and entries added after the crash are read normally, not twice
    for (int i = 40; i < 60; i++) {
      ids.add(redis.xadd(stream, Map.of("n", "" + i)));
    }
    startSurvivor();
    assertEachProcessedExactlyOnce(ids);
    assertThat(processedByB).hasSize(60);
  }

  @Test
  void pendingEntriesTrimmedAwayAreDroppedNotProcessed() throws Exception {
    redis.xgroupCreate(
        XReadArgs.StreamOffset.from(stream, "0"), "g", XGroupCreateArgs.Builder.mkstream());
    for (int i = 0; i < 10; i++) {
      redis.xadd(stream, Map.of("n", "" + i));
    }
    redis.xreadgroup(
        Consumer.from("g", "crashed"),
        XReadArgs.Builder.count(100),
        XReadArgs.StreamOffset.lastConsumed(stream));
    redis.xtrim(stream, 0); // the entries are gone, their ids still pending
    String kept = redis.xadd(stream, Map.of("n", "after-trim"));
    startSurvivor();
    await().atMost(Duration.ofSeconds(20)).until(() -> pending("g") == 0);
    await().atMost(Duration.ofSeconds(5)).until(() -> processedByB.containsKey(kept));
    assertThat(processedByB).containsOnlyKeys(kept);
  }
}
