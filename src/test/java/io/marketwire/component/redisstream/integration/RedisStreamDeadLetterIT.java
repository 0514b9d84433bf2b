package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.marketwire.component.redisstream.RedisStreamConstants;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

class RedisStreamDeadLetterIT extends RedisStreamITSupport {

  private final AtomicInteger poisonAttempts = new AtomicInteger();
  private final Map<String, Integer> good = new ConcurrentHashMap<>();

  @Test
  void anEntryThatKeepsFailingGoesToTheDeadLetterStreamAfterMaxDeliveries() throws Exception {
    startCountingRoute(
        "group=g&startId=0&block=100&minIdleTime=300&reclaimInterval=100&maxDeliveries=3",
        body -> {
          // not a poisonExceptions type: a failure worth retrying
          throw new IllegalStateException("store unavailable for " + body.get("price"));
        });
    String poison = addPoisonBetweenTwoGoodEntries("NaN?");

    String dlq = stream + ":dlq";
    await().atMost(Duration.ofSeconds(20)).until(() -> redis.xlen(dlq) == 1);
    StreamMessage<String, String> dead = redis.xrange(dlq, Range.unbounded()).get(0);
    assertThat(dead.getBody())
        .containsEntry("symbol", "poison")
        .containsEntry("price", "NaN?")
        .containsEntry(RedisStreamConstants.DLQ_SOURCE_ID, poison)
        .containsEntry(RedisStreamConstants.DLQ_SOURCE_STREAM, stream)
        .containsEntry(RedisStreamConstants.DLQ_GROUP, "g")
        .containsEntry(RedisStreamConstants.DLQ_DELIVERY_COUNT, "3");
    assertThat(dead.getBody().get(RedisStreamConstants.DLQ_LAST_ERROR))
        .contains("IllegalStateException")
        .contains("store unavailable for NaN?");
    assertThat(dead.getBody()).doesNotContainKey(RedisStreamConstants.DLQ_EXCEPTION_CLASS);
    // tried exactly maxDeliveries times, then acked in the source, error record removed
    assertThat(poisonAttempts).hasValue(3);
    await().atMost(Duration.ofSeconds(5)).until(() -> pending("g") == 0);
    assertThat(redis.hexists(stream + ":errors:g", poison)).isFalse();
    assertThat(good).hasSize(2).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    // still there for inspection in the source (XACK doesn't delete)
    List<StreamMessage<String, String>> source = redis.xrange(stream, Range.unbounded());
    assertThat(source).hasSize(3);
  }

  @Test
  void aPoisonEntryIsDeadLetteredAtOnceWithItsExceptionAndNotRetried() throws Exception {
    // default poisonExceptions: IllegalArgumentException and its subclasses
    startCountingRoute(
        "group=g&consumerName=c1&startId=0&block=100&minIdleTime=300&reclaimInterval=100"
            + "&maxDeliveries=3",
        body -> Double.parseDouble((String) body.get("price")));
    String poison = addPoisonBetweenTwoGoodEntries("abc");

    String dlq = stream + ":dlq";
    await().atMost(Duration.ofSeconds(1)).until(() -> redis.xlen(dlq) == 1);
    assertThat(redis.xrange(dlq, Range.unbounded()).get(0).getBody())
        .containsEntry("symbol", "poison")
        .containsEntry("price", "abc")
        .containsEntry(RedisStreamConstants.DLQ_SOURCE_ID, poison)
        .containsEntry(RedisStreamConstants.DLQ_SOURCE_STREAM, stream)
        .containsEntry(RedisStreamConstants.DLQ_GROUP, "g")
        .containsEntry(RedisStreamConstants.DLQ_CONSUMER, "c1")
        .containsEntry(RedisStreamConstants.DLQ_DELIVERY_COUNT, "1")
        .containsEntry(RedisStreamConstants.DLQ_EXCEPTION_CLASS, "java.lang.NumberFormatException")
        .containsEntry(RedisStreamConstants.DLQ_EXCEPTION_MESSAGE, "For input string: \"abc\"")
        .containsEntry(
            RedisStreamConstants.DLQ_LAST_ERROR,
            "java.lang.NumberFormatException: For input string: \"abc\"");
    await().atMost(Duration.ofSeconds(1)).until(() -> pending("g") == 0);
    assertThat(good).hasSize(2).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    // well past minIdleTime and several reclaim rounds: never delivered again
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(poisonAttempts).hasValue(1);
    assertThat(redis.xlen(dlq)).isEqualTo(1);
    assertThat(redis.hexists(stream + ":errors:g", poison)).isFalse();
  }

  @Test
  void aPoisonExceptionIsFoundBehindAWrapperAndOnARedelivery() throws Exception {
    startCountingRoute(
        "group=g&startId=0&block=100&minIdleTime=200&reclaimInterval=100&maxDeliveries=5"
            + "&poisonExceptions=java.lang.NumberFormatException",
        body -> {
          if (poisonAttempts.get() == 1) {
            // a transient failure first: left pending and retried
            throw new IllegalStateException("store unavailable");
          }
          throw new RuntimeCamelException(new NumberFormatException("price 'abc'"));
        });
    addPoisonBetweenTwoGoodEntries("abc");

    String dlq = stream + ":dlq";
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.xlen(dlq) == 1);
    assertThat(redis.xrange(dlq, Range.unbounded()).get(0).getBody())
        .containsEntry(RedisStreamConstants.DLQ_DELIVERY_COUNT, "2")
        .containsEntry(RedisStreamConstants.DLQ_EXCEPTION_CLASS, "java.lang.NumberFormatException")
        .containsEntry(RedisStreamConstants.DLQ_EXCEPTION_MESSAGE, "price 'abc'")
        .hasEntrySatisfying(
            RedisStreamConstants.DLQ_LAST_ERROR,
            error -> assertThat(error).startsWith("org.apache.camel.RuntimeCamelException"));
    await().atMost(Duration.ofSeconds(1)).until(() -> pending("g") == 0);
    await().pollDelay(Duration.ofMillis(600)).until(() -> true);
    assertThat(poisonAttempts).hasValue(2);
  }

  /**
   * A group route on the test stream that counts each good entry by id; for the entry whose symbol
   * is "poison" it counts the attempt and runs onPoison, which throws.
   */
  private void startCountingRoute(String options, Consumer<Map<?, ?>> onPoison) throws Exception {
    startRoute(
        options,
        e -> {
          Map<?, ?> body = e.getMessage().getBody(Map.class);
          if ("poison".equals(body.get("symbol"))) {
            poisonAttempts.incrementAndGet();
            onPoison.accept(body);
          }
          good.merge(
              e.getMessage().getHeader(RedisStreamConstants.ID, String.class), 1, Integer::sum);
        });
  }

  /** Adds a good entry, the poison entry with this price, another good one; the poison's id. */
  private String addPoisonBetweenTwoGoodEntries(String price) {
    redis.xadd(stream, Map.of("symbol", "AAPL", "price", "1"));
    String poison = redis.xadd(stream, Map.of("symbol", "poison", "price", price));
    redis.xadd(stream, Map.of("symbol", "MSFT", "price", "2"));
    return poison;
  }

  @Test
  void theDeadLetterStreamCanBeNamed() throws Exception {
    String named = stream + ":poison";
    String from =
        uri(
            "group=g&startId=0&block=100&minIdleTime=200&reclaimInterval=100&maxDeliveries=1"
                + "&deadLetterStream="
                + named);
    startContext(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(from).throwException(new IllegalStateException("always"));
          }
        });
    redis.xadd(stream, Map.of("x", "1"));
    await().atMost(Duration.ofSeconds(10)).until(() -> redis.xlen(named) == 1);
    assertThat(redis.xrange(named, Range.unbounded()).get(0).getBody())
        .containsEntry(RedisStreamConstants.DLQ_DELIVERY_COUNT, "1");
  }
}
