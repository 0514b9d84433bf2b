package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.models.stream.PendingMessage;
import io.marketwire.component.redisstream.RedisStreamConstants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

class RedisStreamConsumerGroupIT extends RedisStreamITSupport {

  @Test
  void groupIsCreatedWithMkstreamAndEntriesArriveWithTheirHeaders() throws Exception {
    List<Exchange> received = new ArrayList<>();
    String from = uri("group=g&consumerName=c1&block=200&startId=0");
    startContext(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(from)
                .process(
                    e -> {
                      synchronized (received) {
                        received.add(e.copy());
                      }
                    });
          }
        });
    // the group is created on a stream that did not exist yet
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.exists(stream) == 1);
    String id = redis.xadd(stream, Map.of("symbol", "AAPL", "price", "190.1"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              synchronized (received) {
                return received.size() == 1;
              }
            });
    Exchange e = received.get(0);
    assertThat(e.getMessage().getBody(Map.class))
        .containsEntry("symbol", "AAPL")
        .containsEntry("price", "190.1");
    assertThat(e.getMessage().getHeader(RedisStreamConstants.ID)).isEqualTo(id);
    assertThat(e.getMessage().getHeader(RedisStreamConstants.STREAM)).isEqualTo(stream);
    assertThat(e.getMessage().getHeader(RedisStreamConstants.GROUP)).isEqualTo("g");
    assertThat(e.getMessage().getHeader(RedisStreamConstants.CONSUMER)).isEqualTo("c1");
    assertThat(e.getMessage().getHeader(RedisStreamConstants.DELIVERY_COUNT)).isEqualTo(1L);
    await().atMost(Duration.ofSeconds(5)).until(() -> pending("g") == 0);
  }

  @Test
  void acknowledgesOnlyWhatTheRouteProcessedSuccessfully() throws Exception {
    String from = uri("group=g&block=200&minIdleTime=10m&maxDeliveries=0&startId=0");
    AtomicInteger done = new AtomicInteger();
    startContext(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(from)
                .process(
                    e -> {
                      done.incrementAndGet();
                      if ("true".equals(e.getMessage().getBody(Map.class).get("fail"))) {
                        throw new IllegalStateException(
                            "cannot price " + e.getMessage().getHeader(RedisStreamConstants.ID));
                      }
                    });
          }
        });
    Set<String> failing = ConcurrentHashMap.newKeySet();
    for (int i = 0; i < 30; i++) {
      boolean fail = i % 5 == 0;
      String id = redis.xadd(stream, Map.of("n", "" + i, "fail", "" + fail));
      if (fail) {
        failing.add(id);
      }
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 30);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              List<PendingMessage> left =
                  redis.xpending(stream, "g", Range.unbounded(), Limit.from(100));
              assertThat(left.stream().map(PendingMessage::getId).collect(Collectors.toSet()))
                  .isEqualTo(failing);
            });
    // the error is remembered in Redis for whoever dead-letters the entry later
    String someFailing = failing.iterator().next();
    assertThat(redis.hget(stream + ":errors:g", someFailing))
        .contains("cannot price " + someFailing);
  }

  @Test
  void concurrentConsumersShareTheWorkEachEntryOnce() throws Exception {
    Map<String, Integer> seen = new ConcurrentHashMap<>();
    Set<String> consumers = ConcurrentHashMap.newKeySet();
    String from = uri("group=g&block=100&count=5&concurrentConsumers=3&startId=0&consumerName=w");
    for (int i = 0; i < 300; i++) {
      redis.xadd(stream, Map.of("n", "" + i));
    }
    startContext(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(from)
                .process(
                    e -> {
                      seen.merge(
                          e.getMessage().getHeader(RedisStreamConstants.ID, String.class),
                          1,
                          Integer::sum);
                      consumers.add(
                          e.getMessage().getHeader(RedisStreamConstants.CONSUMER, String.class));
                    });
          }
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 300);
    assertThat(seen.values()).allMatch(n -> n == 1);
    assertThat(consumers).isSubsetOf(Set.of("w-1", "w-2", "w-3")).isNotEmpty();
    await().atMost(Duration.ofSeconds(5)).until(() -> pending("g") == 0);
  }

  @Test
  void anExceptionTheRouteHandledCountsAsSuccessAndIsAcked() throws Exception {
    AtomicInteger handled = new AtomicInteger();
    String from = uri("group=g&block=100&minIdleTime=10m&startId=0");
    startContext(
        new RouteBuilder() {
          @Override
          public void configure() {
            onException(IllegalStateException.class)
                .handled(true)
                .process(e -> handled.incrementAndGet());
            from(from).throwException(new IllegalStateException("handled by the route"));
          }
        });
    for (int i = 0; i < 5; i++) {
      redis.xadd(stream, Map.of("n", "" + i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 5);
    await().atMost(Duration.ofSeconds(5)).until(() -> pending("g") == 0);
  }
}
