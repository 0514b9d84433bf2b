package io.marketwire.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Range;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The producer route: simulator quotes in the documented shape, and a stream kept bounded by maxLen. */
class QuotesProducerIT {

  @Test
  void producerWritesQuotesAndTrimmingKeepsTheStreamBounded() throws Exception {
    try (QuotesITSupport run = new QuotesITSupport("producer")) {
      Map<String, String> o = run.overrides();
      o.put("marketwire.quotes.producer.enabled", "true");
      o.put("marketwire.quotes.source", "simulator");
      o.put("marketwire.quotes.simulator.rate", "0"); // as fast as possible
      o.put("marketwire.quotes.max-ticks", "3000");
      o.put("marketwire.quotes.max-len", "500");
      run.start("file:routes/quotes/producer/producer.camel.yaml", o);

      await().atMost(Duration.ofSeconds(60)).until(() -> {
        var last = run.redis.xrevrange(run.stream, Range.create("-", "+"), io.lettuce.core.Limit.from(1));
        return !last.isEmpty() && "3000".equals(last.get(0).getBody().get("seq"));
      });
      long length = run.redis.xlen(run.stream);
      // MAXLEN ~ 500 trims whole macro nodes (100 entries by default): at least 500, well below 3000
      assertThat(length).isBetween(500L, 700L);
      Map<String, String> fields = run.redis.xrevrange(run.stream, Range.create("-", "+"), io.lettuce.core.Limit.from(1)).get(0).getBody();
      assertThat(fields).containsKeys("symbol", "price", "change", "change_percent", "volume", "timestamp", "datetime", "seq");
      assertThat(Double.parseDouble(fields.get("price"))).isPositive();
      assertThat(fields.get("symbol")).isIn("AZO", "BKNG", "CPAY", "FDS", "GWW", "LII");
    }
  }
}
