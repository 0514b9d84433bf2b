package io.marketwire.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.dataplane.cache.CacheUpdate;
import io.marketwire.dataplane.processors.AggregateProcessor;
import io.marketwire.dataplane.processors.QuoteProcessor;
import io.marketwire.dataplane.processors.TradeProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY1 = 1714570200000L; // 2024-05-01T13:30Z
  private static final long DAY2 = DAY1 + 86_400_000L;

  private static JsonNode only(List<CacheUpdate> updates) throws Exception {
    assertThat(updates).hasSize(1);
    return JSON.readTree(updates.get(0).json());
  }

  private static String trade(String sym, double p, long s, long t, long q) {
    return "{\"ev\":\"T\",\"sym\":\"" + sym + "\",\"x\":4,\"p\":" + p + ",\"s\":" + s + ",\"t\":" + t + ",\"q\":" + q + "}";
  }

  @Test
  void tradesKeepLastTradeSessionVolumeAndVwapAndResetEachDay() throws Exception {
    TradeProcessor trades = new TradeProcessor(60);
    trades.process(trade("AZO", 100, 100, DAY1, 1), null, null);
    JsonNode second = only(trades.process(trade("AZO", 110, 300, DAY1 + 1000, 2), 42L, null));
    assertThat(second.path("p").asDouble()).isEqualTo(110);
    assertThat(second.path("volume").asLong()).isEqualTo(400);
    assertThat(second.path("vwap").asDouble()).isCloseTo(107.5, within(1e-9));
    assertThat(second.path("rt").asLong()).isEqualTo(42);
    assertThat(trades.process(trade("AZO", 110, 300, DAY1 + 1000, 2), null, null).get(0).channel()).isEqualTo("trades:AZO");

    JsonNode nextDay = only(trades.process(trade("AZO", 120, 10, DAY2, 3), null, null));
    assertThat(nextDay.path("volume").asLong()).isEqualTo(10);
    assertThat(nextDay.path("vwap").asDouble()).isEqualTo(120);
  }

  @Test
  void aPartitionThatComesBackThroughAnotherConsumerContinuesFromTheCacheNotFromMemory() throws Exception {
    Map<String, String> mdc = new java.util.HashMap<>();
    TradeProcessor a = new TradeProcessor(60, symbol -> mdc.get("trades:" + symbol));
    TradeProcessor b = new TradeProcessor(60, symbol -> mdc.get("trades:" + symbol));
    // a holds the partition, then b takes it over, then a gets it back through a new consumer
    mdc.put("trades:AZO", a.process(trade("AZO", 100, 100, DAY1, 1), null, "a-1").get(0).json());
    mdc.put("trades:AZO", b.process(trade("AZO", 110, 300, DAY1 + 1000, 2), null, "b-1").get(0).json());
    mdc.put("trades:AZO", b.process(trade("AZO", 120, 50, DAY1 + 2000, 3), null, "b-1").get(0).json());
    JsonNode back = only(a.process(trade("AZO", 100, 50, DAY1 + 3000, 4), null, "a-2"));
    assertThat(back.path("volume").asLong()).as("a's memory held 100 of them").isEqualTo(500);
    assertThat(back.path("trades").asLong()).isEqualTo(4);
    assertThat(back.path("vwap").asDouble())
        .isCloseTo((100 * 100 + 110 * 300 + 120 * 50 + 100 * 50) / 500.0, within(1e-4));
  }

  @Test
  void hydratedTradeStateContinuesTheSession() throws Exception {
    TradeProcessor before = new TradeProcessor(60);
    before.process(trade("AZO", 100, 100, DAY1, 1), null, null);
    String cached = before.process(trade("AZO", 110, 300, DAY1 + 1000, 2), null, null).get(0).json();

    TradeProcessor restarted = new TradeProcessor(60);
    restarted.hydrate(Map.of("trades:AZO", cached));
    JsonNode next = only(restarted.process(trade("AZO", 100, 100, DAY1 + 2000, 3), null, null));
    assertThat(next.path("volume").asLong()).isEqualTo(500);
    assertThat(next.path("vwap").asDouble()).isCloseTo((100 * 100 + 110 * 300 + 100 * 100) / 500.0, within(1e-4));
  }

  @Test
  void quotesCarrySpreadAndMid() throws Exception {
    JsonNode quote =
        only(new QuoteProcessor(60).process("{\"ev\":\"Q\",\"sym\":\"GWW\",\"bp\":900.10,\"bs\":2,\"ap\":900.30,\"as\":3,\"t\":1,\"q\":5}", null));
    assertThat(quote.path("spread").asDouble()).isCloseTo(0.2, within(1e-9));
    assertThat(quote.path("mid").asDouble()).isCloseTo(900.2, within(1e-9));
  }

  @Test
  void minuteAggregatesBecomeBarsWithHistorySecondAggregatesLatestOnly() {
    AggregateProcessor aggregates = new AggregateProcessor(60, 390);
    CacheUpdate bar = aggregates.process("{\"ev\":\"AM\",\"sym\":\"AZO\",\"v\":10,\"o\":1,\"h\":2,\"l\":1,\"c\":2,\"s\":0,\"e\":60000}", null).get(0);
    assertThat(bar.channel()).isEqualTo("bars:AZO");
    assertThat(bar.historyLimit()).isEqualTo(390);
    CacheUpdate second = aggregates.process("{\"ev\":\"A\",\"sym\":\"AZO\",\"v\":1,\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"s\":0,\"e\":1000}", null).get(0);
    assertThat(second.channel()).isEqualTo("aggregates:AZO");
    assertThat(second.historyLimit()).isZero();
  }
}
