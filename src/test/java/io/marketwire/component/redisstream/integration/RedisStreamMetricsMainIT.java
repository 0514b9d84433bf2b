package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/** With Camel Main's metrics on, the pending gauges end up in the Prometheus scrape. */
class RedisStreamMetricsMainIT extends RedisStreamITSupport {

  @Test
  void pendingGaugesInThePrometheusRegistryOfCamelMain() throws Exception {
    Main main = new Main();
    main.addInitialProperty("camel.metrics.enabled", "true");
    main.addInitialProperty("camel.component.redis-stream.host", SETTINGS.redisHost());
    main.addInitialProperty("camel.component.redis-stream.port", "" + SETTINGS.redisPort());
    main.addInitialProperty("camel.component.redis-stream.password", SETTINGS.redisPassword());
    main.addInitialProperty("camel.component.redis-stream.tls", "" + SETTINGS.redisTls());
    String from = uri("group=g&startId=0&block=100&minIdleTime=10m&monitorInterval=200");
    main.configure()
        .addRoutesBuilder(
            new RouteBuilder() {
              @Override
              public void configure() {
                from(from).routeId("stuck").throwException(new IllegalStateException("stuck"));
              }
            });
    main.start();
    try {
      for (int i = 0; i < 3; i++) {
        redis.xadd(stream, Map.of("n", "" + i));
      }
      MeterRegistry registry =
          main.getCamelContext().getRegistry().findSingleByType(PrometheusMeterRegistry.class);
      assertThat(registry).as("Camel Main bound a Prometheus registry").isNotNull();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                Gauge g = registry.find("redis.stream.pending").tag("stream", stream).gauge();
                return g != null && g.value() == 3.0;
              });
      assertThat(((PrometheusMeterRegistry) registry).scrape())
          .contains("redis_stream_pending{group=\"g\",stream=\"" + stream + "\"} 3.0")
          .contains("redis_stream_pending_oldest_idle_milliseconds{");
    } finally {
      main.stop();
    }
  }
}
