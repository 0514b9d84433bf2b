package io.marketwire.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.marketwire.dataplane.cache.MarketDataCache;
import io.marketwire.dataplane.processors.MdpState;
import io.marketwire.dataplane.processors.ScannerProcessor;
import io.marketwire.dataplane.processors.TradeProcessor;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A restarted MDP continues from the MDC in real Redis: the session volume and VWAP of a symbol
 * carry on, and the bars the scanner saw are back; the latest value has its TTL and the bar
 * history is bounded.
 */
@Tag("integration")
class MdpHydrationIT {

  private static final long T0 = 1714570200000L;

  @Test
  void restartedProcessorsContinueFromTheCache() throws Exception {
    try (DataplaneFixture fixture = new DataplaneFixture()) {
      RedisClient redis = fixture.redis();
      try (MarketDataCache cache = new MarketDataCache(redis, fixture.cachePrefix)) {
        TradeProcessor before = new TradeProcessor(120);
        cache.write(before.process("{\"ev\":\"T\",\"sym\":\"AZO\",\"p\":100,\"s\":100,\"t\":" + T0 + ",\"q\":1}", null, null));
        cache.write(before.process("{\"ev\":\"T\",\"sym\":\"AZO\",\"p\":110,\"s\":300,\"t\":" + (T0 + 1) + ",\"q\":2}", null, null));
        var bars = new io.marketwire.dataplane.processors.AggregateProcessor(120, 3);
        for (int i = 0; i < 5; i++) {
          cache.write(bars.process("{\"ev\":\"AM\",\"sym\":\"AZO\",\"op\":100,\"o\":100,\"h\":111,\"l\":99,\"c\":110,\"v\":10,\"av\":400,\"s\":"
              + (T0 + i * 60_000) + ",\"e\":" + (T0 + (i + 1) * 60_000) + "}", null));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.written() >= 2 * 2 + 5 * 4);
        assertThat(cache.history("bars:AZO")).as("bounded history").hasSize(3);
        assertThat(redis.connect().sync().ttl(fixture.cachePrefix + "trades:AZO")).isBetween(1L, 120L);

        TradeProcessor trades = new TradeProcessor(120);
        ScannerProcessor scanner = new ScannerProcessor(10, 120, 3, 5);
        new MdpState(cache, trades, scanner).hydrate();
        assertThat(trades.volume("AZO")).isEqualTo(400);
        assertThat(scanner.symbols()).isEqualTo(1);
        String next = trades.process("{\"ev\":\"T\",\"sym\":\"AZO\",\"p\":100,\"s\":100,\"t\":" + (T0 + 2) + ",\"q\":3}", null, null).get(0).json();
        assertThat(new ObjectMapper().readTree(next).path("volume").asLong()).isEqualTo(500);
      } finally {
        redis.shutdown();
      }
    }
  }
}
