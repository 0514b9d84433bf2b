package io.marketwire.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A consumer of the technical-analysis group took quotes and died before acknowledging them: the
 * app's consumer of that group reclaims them (XAUTOCLAIM after minIdleTime) and processes each
 * exactly once. (The component's own RedisStreamReclaimIT covers the mechanism in depth.)
 */
class QuotesReclaimIT {

  @Test
  void entriesOfAKilledConsumerAreReclaimedAndProcessedOnce() throws Exception {
    try (QuotesITSupport run = new QuotesITSupport("reclaim")) {
      int n = 30;
      run.redis.xgroupCreate(XReadArgs.StreamOffset.from(run.stream, "0"), "technical_analysis", XGroupCreateArgs.Builder.mkstream());
      long t = Instant.parse("2024-03-01T15:00:00Z").toEpochMilli();
      for (int i = 0; i < n; i++) {
        run.xadd(Map.of("symbol", "RCLM", "price", Double.toString(100 + i), "volume", "10", "timestamp", Long.toString(t / 1000 + i)));
      }
      // the "killed" consumer: reads everything, acknowledges nothing, never comes back
      assertThat(run.redis.xreadgroup(Consumer.from("technical_analysis", "killed"), XReadArgs.Builder.count(n),
          XReadArgs.StreamOffset.lastConsumed(run.stream))).hasSize(n);
      assertThat(run.pending("technical_analysis")).isEqualTo(n);

      run.start("file:routes/quotes/technical/technical.camel.yaml", run.overrides());
      TechnicalAnalysis technical = run.bean("technicalAnalysis", TechnicalAnalysis.class);
      await().atMost(Duration.ofSeconds(30)).until(() -> run.pending("technical_analysis") == 0);
      // every entry once: the indicator state saw exactly n quotes, in order (SMA5 of the last five)
      assertThat(technical.latest("RCLM")).containsEntry("quotes", (long) n).containsEntry("sma5", 100.0 + n - 3);
      assertThat(run.redis.xpending(run.stream, "technical_analysis").getConsumerMessageCount()).isEmpty();
    }
  }
}
