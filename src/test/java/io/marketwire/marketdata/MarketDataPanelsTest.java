package io.marketwire.marketdata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.dashboard.DashboardSnapshot;
import io.marketwire.web.RouteCompanion;
import java.time.Duration;
import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The market-data panels in a process that runs none of the market-data flows. */
class MarketDataPanelsTest {

  @Test
  void withNoFlowRunningThePanelsAreEmptyAndConsumersShowWhatTheyRecorded() throws Exception {
    try (DefaultCamelContext context = new DefaultCamelContext()) {
      ConsumerActivity activity = new ConsumerActivity();
      context.getRegistry().bind("consumerActivity", activity);
      context.getRegistry().bind("totals", new MarketDataTotalsPanel("market-data", RouteCompanion.marker()));
      context.getRegistry().bind("consumers", new MarketDataConsumersPanel());
      context.getRegistry().bind("symbols", new VwapSymbolsPanel());
      context.getRegistry().bind("trend", new PriceTrendPanel(Duration.ofMinutes(5)));
      context.getRegistry().bind("streams", new StreamSizesPanel(List.of("market-data", " ", "market-data")));
      context.start();
      DashboardSnapshot snapshot = new DashboardSnapshot(context);

      JsonNode empty = new ObjectMapper().readTree(snapshot.build());
      activity.record("tape", "AZO", 7L);
      activity.record("tape", "AZO", 8L);
      activity.record("archive", "LII", 3L);
      JsonNode recorded = new ObjectMapper().readTree(snapshot.build());

      assertThat(empty.path("totals").path("produced").isNull()).isTrue();
      assertThat(empty.path("totals").path("inStream").isNull()).isTrue();
      assertThat(empty.path("totals").path("consumed").asLong()).isZero();
      assertThat(empty.path("consumers").size()).isZero();
      // the VWAP flow does not run here: no symbols, no trend, and no Redis asked (no error)
      assertThat(empty.path("symbols").size()).isZero();
      assertThat(empty.path("trend").size()).isZero();
      assertThat(empty.has("symbolsError")).isFalse();
      // no management API: sizes unknown, so left out
      assertThat(empty.path("streams").size()).isZero();

      assertThat(recorded.path("totals").path("consumed").asLong()).isEqualTo(3);
      assertThat(recorded.path("totals").path("consumers").asInt()).isEqualTo(2);
      assertThat(recorded.path("consumers").path("tape").path("count").asLong()).isEqualTo(2);
      assertThat(recorded.path("consumers").path("tape").path("last_offset").asLong()).isEqualTo(8);
      assertThat(recorded.path("consumers").path("archive").path("top_symbols").get(0).asText()).isEqualTo("LII");
      assertThat(recorded.path("consumers").path("tape").has("lag")).isTrue();
    }
  }
}
