package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.component.redisstream.RedisStreamConstants;
import io.marketwire.testsupport.Broker;
import io.marketwire.testsupport.BrokerServices;
import io.marketwire.testsupport.RestartsBrokers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * The one test that restarts Redis (it briefly disturbs everyone using it): a producer and a group
 * consumer keep running through the restart, and every entry sent arrives.
 */
@RestartsBrokers
class RedisStreamRestartIT extends RedisStreamITSupport {

  private static final int MESSAGES = 3000;

  @Test
  void producerAndGroupConsumerSurviveARedisRestartWithNothingLost() throws Exception {
    Map<String, Integer> received = new ConcurrentHashMap<>();
    Map<String, Integer> readByPlainReader = new ConcurrentHashMap<>();
    AtomicLong maxDelivery = new AtomicLong();
    String to = uri("");
    String plain = uri("startId=0&block=200&maxBackoff=1s");
    String from =
        uri("group=g&startId=0&block=200&minIdleTime=2s&reclaimInterval=500&maxBackoff=1s");
    CamelContext context =
        startContext(
            new RouteBuilder() {
              @Override
              public void configure() {
                from("direct:in").to(to);
                // a plain XREAD reader keeps its position in memory across the reconnect
                from(plain)
                    .process(
                        e ->
                            readByPlainReader.merge(
                                (String) e.getMessage().getBody(Map.class).get("seq"),
                                1,
                                Integer::sum));
                from(from)
                    .process(
                        e -> {
                          received.merge(
                              (String) e.getMessage().getBody(Map.class).get("seq"),
                              1,
                              Integer::sum);
                          maxDelivery.accumulateAndGet(
                              e.getMessage()
                                  .getHeader(RedisStreamConstants.DELIVERY_COUNT, Long.class),
                              Math::max);
                        });
              }
            });
    ProducerTemplate template = context.createProducerTemplate();
    AtomicInteger sent = new AtomicInteger();
    AtomicInteger sendFailures = new AtomicInteger();
    java.util.concurrent.atomic.AtomicReference<String> firstFailure =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread sender =
        new Thread(
            () -> {
              for (int seq = 0; seq < MESSAGES; seq++) {
                // an application that must not lose a quote retries a failed send
                while (true) {
                  try {
                    template.sendBody("direct:in", Map.of("seq", "" + seq));
                    break;
                  } catch (Exception e) {
                    sendFailures.incrementAndGet();
                    Throwable root = e;
                    while (root.getCause() != null) {
                      root = root.getCause();
                    }
                    firstFailure.compareAndSet(
                        null, root.getClass().getSimpleName() + ": " + root.getMessage());
                  }
                }
                sent.incrementAndGet();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // spread over the restart
              }
            },
            "restart-it-sender");
    sender.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() >= 500);
    BrokerServices.get().restart(Broker.REDIS);
    int sentAtRestart = sent.get();

    await().atMost(Duration.ofSeconds(90)).until(() -> sent.get() == MESSAGES);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(received).hasSize(MESSAGES));
    await().atMost(Duration.ofSeconds(30)).until(() -> pending("g") == 0);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(readByPlainReader).hasSize(MESSAGES));
    sender.join(10_000);

    long duplicates = received.values().stream().filter(n -> n > 1).count();
    System.out.printf(
        "restart at ~%d sent; send failures retried: %d (first: %s); entries in stream: %d;"
            + " received: %d distinct, %d delivered more than once; max delivery count %d%n",
        sentAtRestart,
        sendFailures.get(),
        firstFailure.get(),
        redis.xlen(stream),
        received.size(),
        duplicates,
        maxDelivery.get());
    // continues from the group's position: not re-read from the start after the reconnect
    assertThat(duplicates).isLessThan(MESSAGES / 10);
    // each entry of the stream exactly once (a retried send may have added a seq twice)
    assertThat(readByPlainReader.values().stream().mapToLong(Integer::longValue).sum())
        .as("entries read by the plain reader")
        .isEqualTo(redis.xlen(stream));
  }
}
