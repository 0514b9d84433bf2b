package io.marketwire.marketdata;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.marketwire.analytics.BatchStatistics;
import io.marketwire.analytics.DayVwapBook;
import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.model.MarketData;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/**
 * The batching consumer's logic: a batch of ticks (a {@link TickBatch}, each tick with its stream
 * offset) becomes per-symbol batch statistics plus the running day VWAP of each symbol.
 *
 * <p>Exactly-once effect on an at-least-once stream: the day book records the highest offset it
 * applied and is saved in Redis together with it, so ticks re-delivered after a crash or restart
 * (the consumer resumes from its last stored offset) are skipped. {@link #compute} stages the new
 * book; the route publishes the results and then calls {@link #commit}, which saves the book and
 * only then lets the stream offset be stored. A crash between the two re-publishes a batch
 * (at-least-once results) but never counts a tick twice in the day VWAP.
 */
public final class VwapBatcher {

  /** Header set by {@link #compute}: the highest stream offset in the batch. */
  public static final String BATCH_LAST_OFFSET = "MarketwireBatchLastOffset";
  /** Redis hash of each symbol's latest batch result (JSON), which the dashboard shows too. */
  static final String LATEST_KEY = "marketwire:vwap:latest";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RedisClient redisClient;
  private final String stateKey;
  private final String latestKey;
  private StatefulRedisConnection<String, String> redis;
  private DayVwapBook book;

  public VwapBatcher(RedisClient redisClient, String consumerName) {
    this.redisClient = redisClient;
    this.stateKey = "marketwire:vwap:" + consumerName + ":state";
    this.latestKey = LATEST_KEY;
  }

  /**
   * Computes one batch. The body is the aggregator's {@link TickBatch}: ticks in stream order,
   * each with its offset. A tick at or below the highest offset already applied (by the book or
   * earlier in this batch) is a re-delivery and is skipped: after a restart the stream re-sends
   * what followed the last stored offset, and a persistent aggregation repository may also hand
   * back the part of a batch it had kept.
   *
   * @return one JSON result per symbol in the batch (empty when every tick was a re-delivery)
   */
  public synchronized List<String> compute(Exchange batchExchange) throws Exception {
    TickBatch ticks = batchExchange.getMessage().getMandatoryBody(TickBatch.class);
    DayVwapBook current = book();
    List<MarketData> fresh = new ArrayList<>(ticks.size());
    long lastOffset = current.lastAppliedOffset();
    for (int i = 0; i < ticks.size(); i++) {
      long offset = ticks.offset(i);
      if (offset > lastOffset) {
        fresh.add(ticks.tick(i));
        lastOffset = offset;
      }
    }
    batchExchange.getMessage().setHeader(BATCH_LAST_OFFSET, lastOffset);
    if (fresh.isEmpty()) {
      return List.of();
    }
    // the batch's last offset identifies it: unique and the same after a restart
    long batchId = lastOffset;
    // both keyed by day and symbol: a batch that spans midnight gives each day its own result
    Map<String, SymbolStatsSnapshot> days = current.apply(fresh, lastOffset);
    Map<String, SymbolStatsSnapshot> batch = BatchStatistics.byDayAndSymbol(fresh);
    List<String> results = new ArrayList<>(batch.size());
    for (Map.Entry<String, SymbolStatsSnapshot> e : batch.entrySet()) {
      SymbolStatsSnapshot s = e.getValue();
      LocalDate day = DayVwapBook.dayOf(s.firstTimestampNanos());
      results.add(JSON.writeValueAsString(result(batchId, lastOffset, s, day, days.get(e.getKey()))));
    }
    return results;
  }

  /** Saves the book and the latest result per symbol; call after the results are published. */
  public synchronized void commit(List<String> results) throws Exception {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("last_applied_offset", book().lastAppliedOffset());
    state.put("days", book().all());
    var commands = connection().sync();
    commands.set(stateKey, JSON.writeValueAsString(state));
    for (String result : results) {
      String symbol = JSON.readTree(result).get("symbol").asText();
      commands.hset(latestKey, symbol, result);
    }
  }

  /** The day statistics the batcher holds now, for tests, the dashboard and the replay summary. */
  public synchronized DayVwapBook book() throws Exception {
    if (book == null) {
      book = load();
    }
    return book;
  }

  private DayVwapBook load() throws Exception {
    String saved = connection().sync().get(stateKey);
    if (saved == null) {
      return new DayVwapBook();
    }
    Map<String, Object> state = JSON.readValue(saved, new TypeReference<>() {});
    Map<String, SymbolStatsSnapshot> days =
        JSON.convertValue(state.get("days"), new TypeReference<Map<String, SymbolStatsSnapshot>>() {});
    return DayVwapBook.restore(days, ((Number) state.get("last_applied_offset")).longValue());
  }

  private StatefulRedisConnection<String, String> connection() {
    if (redis == null || !redis.isOpen()) {
      redis = redisClient.connect();
      redis.setTimeout(Duration.ofSeconds(5));
    }
    return redis;
  }

  private static Map<String, Object> result(
      long batchId, long lastOffset, SymbolStatsSnapshot batch, LocalDate dayOfBatch, SymbolStatsSnapshot day) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("batch_id", batchId);
    out.put("last_offset", lastOffset);
    out.put("symbol", batch.symbol());
    out.put("count", batch.count());
    out.put("vwap", batch.vwap());
    out.put("high", batch.high());
    out.put("low", batch.low());
    out.put("open", batch.open());
    out.put("close", batch.close());
    out.put("volume", batch.volume());
    out.put("first_timestamp_ns", batch.firstTimestampNanos());
    out.put("last_timestamp_ns", batch.lastTimestampNanos());
    out.put("day", dayOfBatch.toString());
    out.put("day_vwap", day.vwap());
    out.put("day_volume", day.volume());
    out.put("day_count", day.count());
    return out;
  }
}
