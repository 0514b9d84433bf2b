package io.marketwire.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A snapshot in a process that runs none of the flows: every panel empty, none throws. */
class DashboardSnapshotTest {

  @Test
  void withNoFlowsEveryPanelIsEmptyAndAMissingSourceIsReportedNotThrown() throws Exception {
    try (DefaultCamelContext context = new DefaultCamelContext()) {
      context.start();
      DashboardSnapshot snapshot =
          new DashboardSnapshot(
              context,
              new DashboardSnapshot.Settings(
                  "market-data", List.of("market-data"), "marketwire:vwap:latest", "stock_quotes", "stock_alerts",
                  "mdq.", "mdc:", "", Duration.ofMinutes(5)),
              null);
      JsonNode first = new ObjectMapper().readTree(snapshot.build());
      JsonNode second = new ObjectMapper().readTree(snapshot.build());

      assertThat(first.path("type").asText()).isEqualTo("snapshot");
      assertThat(second.path("seq").asLong()).isEqualTo(first.path("seq").asLong() + 1);
      assertThat(first.path("totals").path("produced").isNull()).isTrue();
      assertThat(first.path("totals").path("consumed").asLong()).isZero();
      assertThat(first.path("consumers").size()).isZero();
      assertThat(first.path("symbols").size()).isZero();
      assertThat(first.path("orders").path("queues").size()).isZero();
      // no Redis client in this process: the Redis-backed panels say so, the rest still comes
      assertThat(first.path("redisError").asText()).contains("no redisClient bean");
      assertThat(first.path("dataplaneError").asText()).contains("no redisClient bean");
      assertThat(first.path("routes").isArray()).isTrue();
    }
  }
}
