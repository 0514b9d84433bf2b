package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.component.redisstream.RedisStreamConsumer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

class RedisStreamPendingMonitorIT extends RedisStreamITSupport {

  @Test
  void pendingCountAndOldestIdleAsGettersAndGauges() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    String from =
        uri(
            "group=g&startId=0&block=100&minIdleTime=10m&maxDeliveries=0"
                + "&monitorInterval=200&pendingWarnThreshold=5");
    CamelContext context =
        startContext(
            new RouteBuilder() {
              @Override
              public void configure() {
                from(from).routeId("stuck").throwException(new IllegalStateException("stuck"));
              }
            },
            c -> c.getRegistry().bind("meters", meters));
    for (int i = 0; i < 10; i++) {
      redis.xadd(stream, Map.of("n", "" + i));
    }
    RedisStreamConsumer consumer = (RedisStreamConsumer) context.getRoute("stuck").getConsumer();
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getPendingCount() == 10);
    await().atMost(Duration.ofSeconds(10)).until(() -> consumer.getOldestPendingIdleMillis() > 0);

    Gauge pending =
        meters.find("redis.stream.pending").tag("stream", stream).tag("group", "g").gauge();
    Gauge idle =
        meters
            .find("redis.stream.pending.oldest.idle")
            .tag("stream", stream)
            .tag("group", "g")
            .gauge();
    assertThat(pending).isNotNull();
    assertThat(pending.value()).isEqualTo(10.0);
    assertThat(idle.value()).isPositive();

    // gauges go away with the consumer
    stopContext(context);
    assertThat(meters.find("redis.stream.pending").tag("stream", stream).gauge()).isNull();
  }
}
