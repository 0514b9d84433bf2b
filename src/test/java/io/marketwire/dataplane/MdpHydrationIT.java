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
 * carry on, and so do the scanner's rows (its unusual-volume average too); the latest value and
 * the rows have their TTLs and the bar history is bounded.
 */
@Tag("integration")
class MdpHydrationIT {

  private static final long T0 = 1714570200000L;

  /** AZO's minute bar {@code i} of the session, of {@code volume}. */
  private static String minute(int i, long volume) {
    return "{\"ev\":\"AM\",\"sym\":\"AZO\",\"op\":100,\"o\":100,\"h\":111,\"l\":99,\"c\":110,\"v\":" + volume
        + ",\"av\":" + (10 * i + volume) + ",\"s\":" + (T0 + i * 60_000L) + ",\"e\":" + (T0 + (i + 1) * 60_000L) + "}";
  }

  @Test
  void restartedProcessorsContinueFromTheCache() throws Exception {
    try (DataplaneFixture fixture = new DataplaneFixture()) {
      RedisClient redis = fixture.redis();
      try (MarketDataCache cache = new MarketDataCache(redis, fixture.cachePrefix)) {
        TradeProcessor before = new TradeProcessor(120);
        cache.write(before.process("{\"ev\":\"T\",\"sym\":\"AZO\",\"p\":100,\"s\":100,\"t\":" + T0 + ",\"q\":1}", null, null));
        cache.write(before.process("{\"ev\":\"T\",\"sym\":\"AZO\",\"p\":110,\"s\":300,\"t\":" + (T0 + 1) + ",\"q\":2}", null, null));
        var bars = new io.marketwire.dataplane.processors.AggregateProcessor(120, 3);
        ScannerProcessor scannerBefore = new ScannerProcessor(10, 120, 3600, 3, 5);
        for (int i = 0; i < 5; i++) {
          cache.write(bars.process(minute(i, 10), null));
          cache.write(scannerBefore.process(minute(i, 10), null, null));
        }
        String lastRow = ScannerProcessor.ROWS + "AZO";
        await().atMost(Duration.ofSeconds(5)).until(() -> cache.written() >= 2 * 2 + 5 * 4 + 5 && cache.latest(lastRow) != null
            && new ObjectMapper().readTree(cache.latest(lastRow)).path("earlierMinutes").asLong() == 4);
        assertThat(cache.history("bars:AZO")).as("bounded history").hasSize(3);
        assertThat(redis.connect().sync().ttl(fixture.cachePrefix + "trades:AZO")).isBetween(1L, 120L);
        assertThat(redis.connect().sync().ttl(fixture.cachePrefix + lastRow)).as("the row's own TTL").isBetween(121L, 3600L);

        TradeProcessor trades = new TradeProcessor(120);
        ScannerProcessor scanner = new ScannerProcessor(10, 120, 3600, 3, 5);
        new MdpState(cache, trades, scanner).hydrate();
        assertThat(trades.volume("AZO")).isEqualTo(400);
        assertThat(scanner.symbols()).isEqualTo(1);
        // five earlier minutes of 10 came back: a minute of 30 is three times the average
        String unusual = scanner.process(minute(5, 30), null, null).stream()
            .filter(u -> u.channel().equals("scanner:unusual")).findFirst().orElseThrow().json();
        assertThat(new ObjectMapper().readTree(unusual).path("items").get(0).path("averageVolume").asLong()).isEqualTo(10);
        String next = trades.process("{\"ev\":\"T\",\"sym\":\"AZO\",\"p\":100,\"s\":100,\"t\":" + (T0 + 2) + ",\"q\":3}", null, null).get(0).json();
        assertThat(new ObjectMapper().readTree(next).path("volume").asLong()).isEqualTo(500);
      } finally {
        redis.shutdown();
      }
    }
  }
}
