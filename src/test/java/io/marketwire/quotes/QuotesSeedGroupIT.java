package io.marketwire.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's group stock_analyzers shared by Marketwire's change-alert consumer and a consumer
 * written the seed's way (XREADGROUP with its own name, process, XACK): every quote is taken by
 * exactly one of them, nothing stays pending, and the alerts are exactly those of the quotes
 * Marketwire's consumer took whose change_percent reached 1.5%.
 */
class QuotesSeedGroupIT {

  private static final String GROUP = "stock_analyzers";

  @Test
  void aSeedConsumerSharesTheGroupWithOurs() throws Exception {
    try (QuotesITSupport it = new QuotesITSupport("seedgroup")) {
      Map<String, String> o = it.overrides();
      o.put("marketwire.quotes.change-alerts.group", GROUP);
      it.start("file:routes/quotes/alerts/change-alerts.camel.yaml,file:routes/quotes/common/alert-out.camel.yaml", o);
      it.awaitGroups(GROUP);

      Set<String> takenBySeed = ConcurrentHashMap.newKeySet();
      AtomicBoolean running = new AtomicBoolean(true);
      Thread seed = new Thread(() -> readLikeTheSeed(it, takenBySeed, running), "seed-consumer");
      seed.start();
      Map<String, Double> changeById = new LinkedHashMap<>();
      try {
        for (int i = 0; i < 200; i++) {
          double change = (i % 4 == 0) ? 2.0 : 0.5; // every fourth quote alerts at 1.5%
          Map<String, String> quote = new LinkedHashMap<>();
          quote.put("symbol", "AZO");
          quote.put("price", Double.toString(100 + change));
          quote.put("change", Double.toString(change));
          quote.put("change_percent", Double.toString(change));
          quote.put("volume", "100");
          quote.put("timestamp", Long.toString(1_709_305_200L + i));
          changeById.put(it.xadd(quote), change);
          Thread.sleep(5);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> it.pending(GROUP) == 0 && entriesRead(it) == 200);
      } finally {
        running.set(false);
        seed.join(5000);
      }

      Set<String> takenByUs = new java.util.HashSet<>(changeById.keySet());
      takenByUs.removeAll(takenBySeed);
      assertThat(takenBySeed).as("the seed's consumer got a share").isNotEmpty().hasSizeLessThan(200);
      long expectedAlerts = takenByUs.stream().filter(id -> changeById.get(id) >= 1.5).count();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> it.sqlCount("SELECT COUNT(*) FROM alerts WHERE kind = 'CHANGE_ALERT'") == expectedAlerts);
      List<List<Object>> sources = it.sql("SELECT source_id FROM alerts WHERE kind = 'CHANGE_ALERT'");
      assertThat(sources).extracting(row -> (String) row.get(0)).allMatch(takenByUs::contains);
    }
  }

  /** The seed's StockQuoteConsumer: read_from_group with its own name, process, acknowledge. */
  private static void readLikeTheSeed(QuotesITSupport it, Set<String> taken, AtomicBoolean running) {
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(QuotesITSupport.SETTINGS.redisURI());
    try (var connection = client.connect()) {
      var redis = connection.sync();
      while (running.get()) {
        List<StreamMessage<String, String>> batch =
            redis.xreadgroup(Consumer.from(GROUP, "seed-consumer-1"), XReadArgs.Builder.count(5).block(200),
                XReadArgs.StreamOffset.lastConsumed(it.stream));
        for (StreamMessage<String, String> m : batch) {
          taken.add(m.getId());
          redis.xack(it.stream, GROUP, m.getId());
        }
      }
    } finally {
      client.shutdown();
    }
  }

  private static long entriesRead(QuotesITSupport it) {
    for (Object group : it.redis.xinfoGroups(it.stream)) {
      List<?> fields = (List<?>) group;
      if (GROUP.equals(String.valueOf(fields.get(fields.indexOf("name") + 1)))) {
        Object read = fields.get(fields.indexOf("entries-read") + 1);
        return read == null ? 0 : ((Number) read).longValue();
      }
    }
    return 0;
  }
}
