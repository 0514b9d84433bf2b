package io.marketwire.marketdata;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.marketwire.analytics.BatchStatistics;
import io.marketwire.analytics.DayVwapBook;
import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.component.stream.RabbitMqStreamConstants;
import io.marketwire.model.MarketData;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 *
 * <p>One book per partition (the stream a batch came from): offsets of different partitions are
 * not comparable, and on a super stream each partition has one active consumer among the app
 * instances, which changes when an instance dies. So each partition's book is saved under its own
 * key with its own offset, and before each batch the saved offset is read back: when another
 * instance saved the partition since this one last did (it owned the partition meanwhile), or this
 * instance's previous batch never reached {@link #commit}, the book is loaded again and continues
 * exactly from what was saved. The save is a compare-and-set on that offset, so a member that lost
 * its partition mid-batch cannot overwrite its successor's book: its batch fails and is computed
 * again from the saved book.
 */
public final class VwapBatcher {

  /** Header set by {@link #compute}: the highest stream offset in the batch. */
  public static final String BATCH_LAST_OFFSET = "MarketwireBatchLastOffset";
  private static final ObjectMapper JSON = new ObjectMapper();
  // saves the book and its offset only if the offset is still the one this book was loaded with,
  // and in the same call the batch's latest result per symbol (ARGV[4..]: symbol, result, ...):
  // one round trip per batch instead of one per symbol, and the latest results never run ahead
  // of the saved book
  private static final String SAVE_IF_UNCHANGED =
      "local saved = redis.call('GET', KEYS[2]) or ''\n"
          + "if saved ~= ARGV[1] then return 0 end\n"
          + "redis.call('SET', KEYS[1], ARGV[3])\n"
          + "redis.call('SET', KEYS[2], ARGV[2])\n"
          + "if #ARGV > 3 then redis.call('HSET', KEYS[3], unpack(ARGV, 4)) end\n"
          + "return 1";

  private final RedisClient redisClient;
  private final String consumerName;
  private final String latestKey;
  private final Map<String, PartitionBook> books = new TreeMap<>();
  private StatefulRedisConnection<String, String> redis;

  /**
   * @param latestKey Redis hash of each symbol's latest batch result (JSON), which the dashboard
   *     shows too ({@code marketwire.vwap.latest-key})
   */
  public VwapBatcher(RedisClient redisClient, String consumerName, String latestKey) {
    this.redisClient = redisClient;
    this.consumerName = consumerName;
    this.latestKey = latestKey;
  }

  /** The Redis hash of each symbol's latest batch result. */
  public String latestKey() {
    return latestKey;
  }

  /**
   * Redis key of the book of one partition of the consumer's stream. A plain stream (the partition
   * is the stream) keeps the key it always had, {@code marketwire:vwap:<consumer>:state}; a super
   * stream's partition adds its name.
   */
  public static String stateKey(String consumerName, String stream, String partition) {
    String base = "marketwire:vwap:" + consumerName;
    return (partition == null || partition.equals(stream) ? base : base + ":" + partition) + ":state";
  }

  /** Redis key of the highest offset applied by the book under {@code stateKey}. */
  public static String offsetKey(String stateKey) {
    return stateKey + ":offset";
  }

  /**
   * Computes one batch. The body is the component's {@link TickBatch} of one partition: ticks in
   * stream order, each with its offset. A tick at or below the highest offset the partition's book
   * already applied is a re-delivery and is skipped: after a restart or a takeover the stream
   * re-sends what followed the last stored offset.
   *
   * @return one JSON result per symbol in the batch (empty when every tick was a re-delivery)
   */
  public synchronized List<String> compute(Exchange batchExchange) throws Exception {
    org.apache.camel.Message message = batchExchange.getMessage();
    TickBatch ticks = message.getMandatoryBody(TickBatch.class);
    String partition = message.getHeader(RabbitMqStreamConstants.PARTITION, String.class);
    String stream = message.getHeader(RabbitMqStreamConstants.STREAM, String.class);
    PartitionBook held = current(partition, stateKey(consumerName, stream, partition));
    DayVwapBook current = held.book;
    List<MarketData> fresh = new ArrayList<>(ticks.size());
    long lastOffset = current.lastAppliedOffset();
    for (int i = 0; i < ticks.size(); i++) {
      long offset = ticks.offset(i);
      if (offset > lastOffset) {
        fresh.add(ticks.tick(i));
        lastOffset = offset;
      }
    }
    message.setHeader(BATCH_LAST_OFFSET, lastOffset);
    if (fresh.isEmpty()) {
      return List.of();
    }
    held.staged = true;
    // the batch's last offset identifies it within its partition: the same after a restart
    long batchId = lastOffset;
    // both keyed by day and symbol: a batch that spans midnight gives each day its own result
    Map<String, SymbolStatsSnapshot> days = current.apply(fresh, lastOffset);
    Map<String, SymbolStatsSnapshot> batch = BatchStatistics.byDayAndSymbol(fresh);
    List<String> results = new ArrayList<>(batch.size());
    for (Map.Entry<String, SymbolStatsSnapshot> e : batch.entrySet()) {
      SymbolStatsSnapshot s = e.getValue();
      LocalDate day = DayVwapBook.dayOf(s.firstTimestampNanos());
      results.add(JSON.writeValueAsString(result(batchId, lastOffset, partition, s, day, days.get(e.getKey()))));
    }
    return results;
  }

  /**
   * Saves the partition's book and the latest result per symbol; call after the results are
   * published. Fails when another instance saved the partition's book since this one loaded it
   * (this one lost the partition): the batch is then computed again from the saved book.
   */
  public synchronized void commit(String partition, List<String> results) throws Exception {
    PartitionBook held = books.get(partition);
    if (held == null || !held.staged) {
      return; // every tick of the batch was a re-delivery: nothing new to save
    }
    Map<String, Object> state = new LinkedHashMap<>();
    long applied = held.book.lastAppliedOffset();
    state.put("last_applied_offset", applied);
    state.put("days", held.book.all());
    List<String> arguments = new ArrayList<>(3 + 2 * results.size());
    arguments.add(held.savedOffset);
    arguments.add(Long.toString(applied));
    arguments.add(JSON.writeValueAsString(state));
    for (String result : results) {
      arguments.add(JSON.readTree(result).get("symbol").asText());
      arguments.add(result);
    }
    Long saved =
        connection()
            .sync()
            .eval(
                SAVE_IF_UNCHANGED,
                ScriptOutputType.INTEGER,
                new String[] {held.stateKey, offsetKey(held.stateKey), latestKey},
                arguments.toArray(String[]::new));
    if (saved == null || saved != 1L) {
      books.remove(partition);
      throw new IllegalStateException(
          "the VWAP book of " + partition + " was saved by another instance meanwhile; computing the batch again from it");
    }
    held.savedOffset = Long.toString(applied);
    held.staged = false;
  }

  /**
   * The day statistics this instance holds now, over the partitions it has computed batches of,
   * for tests, the dashboard and the replay summary (a symbol lives in one partition).
   */
  public synchronized DayVwapBook book() {
    Map<String, SymbolStatsSnapshot> all = new LinkedHashMap<>();
    long highest = -1;
    for (PartitionBook held : books.values()) {
      all.putAll(held.book.all());
      highest = Math.max(highest, held.book.lastAppliedOffset());
    }
    return DayVwapBook.restore(all, highest);
  }

  /** The partitions this instance holds a book of, each with the highest offset applied. */
  public synchronized Map<String, Long> partitions() {
    Map<String, Long> out = new TreeMap<>();
    books.forEach((partition, held) -> out.put(partition, held.book.lastAppliedOffset()));
    return out;
  }

  /**
   * The partition's book as saved, loaded again unless the one held here is exactly what was saved
   * last (same offset, nothing staged since).
   */
  private PartitionBook current(String partition, String stateKey) throws Exception {
    var commands = connection().sync();
    String savedOffset = commands.get(offsetKey(stateKey));
    PartitionBook held = books.get(partition);
    if (held != null && !held.staged && held.savedOffset.equals(savedOffset == null ? "" : savedOffset)) {
      return held;
    }
    // offset and book in one read, so they belong together
    List<KeyValue<String, String>> both = commands.mget(offsetKey(stateKey), stateKey);
    String offset = both.get(0).getValueOrElse("");
    String saved = both.get(1).getValueOrElse(null);
    held = new PartitionBook(stateKey, saved == null ? new DayVwapBook() : restore(saved), offset);
    books.put(partition, held);
    return held;
  }

  private static DayVwapBook restore(String saved) throws Exception {
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

  /**
   * One partition's book, the Redis key it is saved under, the offset it was saved with ("" when
   * never saved: a book saved before offsets had their own key compares as such) and whether a
   * batch was applied to it that is not saved yet.
   */
  private static final class PartitionBook {
    final String stateKey;
    final DayVwapBook book;
    String savedOffset;
    boolean staged;

    PartitionBook(String stateKey, DayVwapBook book, String savedOffset) {
      this.stateKey = stateKey;
      this.book = book;
      this.savedOffset = savedOffset;
    }
  }

  private static Map<String, Object> result(
      long batchId,
      long lastOffset,
      String partition,
      SymbolStatsSnapshot batch,
      LocalDate dayOfBatch,
      SymbolStatsSnapshot day) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("batch_id", batchId);
    out.put("last_offset", lastOffset);
    out.put("partition", partition);
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
