package io.marketwire.dataplane.processors;

import io.marketwire.dataplane.listener.MassiveConstants;
import org.apache.camel.Body;
import org.apache.camel.Header;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketwire.dataplane.cache.CacheUpdate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The scanner, fed by minute aggregates ({@code AM}): per symbol the change from the session's
 * open ({@code op}) to the last close, the session volume ({@code av}) and the last minute's volume
 * ({@code v}) against the symbol's own average minute volume earlier in the session; it publishes
 * {@code scanner:gainers}, {@code scanner:losers}, {@code scanner:active} and {@code
 * scanner:unusual} (top N each) when a list changes.
 *
 * <p>Its state, a row per symbol, is kept in the MDC too ({@code scanner:row:SYM}, written with
 * the lists through the same pipelined batch, not published): an MDP that takes the scanner's
 * queue over (a restart, or on a partitioned MDQ the queue moving to another MDP) loads the rows
 * and continues as the previous owner would have, the unusual-volume average included, so two
 * MDPs give the same lists as one.
 */
public final class ScannerProcessor {

  /**
   * A symbol's latest bar and, for unusual volume, the session's earlier minutes: their count and
   * total volume (kept here, not derived from {@code av}, so that a bar the MDQ dropped does not
   * inflate the average).
   */
  record Row(
      String symbol, double open, double last, long volume, long time, long minuteVolume, long earlierMinutes, long earlierVolume) {

    /** The row as the MDC keeps it ({@code scanner:row:SYM}). */
    String json() {
      return Json.object().put("sym", symbol).put("open", open).put("last", last).put("volume", volume).put("time", time)
          .put("minuteVolume", minuteVolume).put("earlierMinutes", earlierMinutes).put("earlierVolume", earlierVolume)
          .toString();
    }

    static Row from(JsonNode saved) {
      return new Row(
          Json.symbol(saved), saved.path("open").asDouble(), saved.path("last").asDouble(), saved.path("volume").asLong(),
          saved.path("time").asLong(), saved.path("minuteVolume").asLong(), saved.path("earlierMinutes").asLong(),
          saved.path("earlierVolume").asLong());
    }

    double changePercent() {
      return open == 0 ? 0 : (last - open) / open * 100;
    }

    double averageMinuteVolume() {
      return earlierMinutes == 0 ? 0 : (double) earlierVolume / earlierMinutes;
    }

    /** The last minute's volume over the session's average so far; 0 without an average. */
    double volumeRatio() {
      double average = averageMinuteVolume();
      return average == 0 ? 0 : minuteVolume / average;
    }
  }

  /** The MDC channels of the rows, by symbol: the scanner's state, stored and not published. */
  public static final String ROWS = "scanner:row:";

  private final Map<String, Row> rows = new ConcurrentHashMap<>();
  private final Map<String, String> lastPublished = new ConcurrentHashMap<>();
  private final int top;
  private final long ttlSeconds;
  private final long rowTtlSeconds;
  private final double unusualRatio;
  private final int unusualMinBars;
  private final Supplier<Map<String, String>> savedRows;
  /** The broker consumer the last bar came through; null off a partitioned MDQ. */
  private String consumer;

  /**
   * @param ttlSeconds how long the published lists stay in the MDC without an update
   * @param rowTtlSeconds how long a symbol's row stays in the MDC without a bar: longer than a
   *     quiet symbol's gap between bars, so that a takeover still finds its session
   * @param unusualRatio a minute at least this many times the symbol's average minute volume is
   *     unusual
   * @param unusualMinBars earlier minutes of the session needed before a symbol has an average
   */
  public ScannerProcessor(int top, long ttlSeconds, long rowTtlSeconds, double unusualRatio, int unusualMinBars) {
    this(top, ttlSeconds, rowTtlSeconds, unusualRatio, unusualMinBars, Map::of);
  }

  /**
   * @param savedRows the rows in the MDC ({@code scanner:row:*}), to continue from when the
   *     scanner's queue comes to this MDP through another broker consumer
   */
  public ScannerProcessor(
      int top, long ttlSeconds, long rowTtlSeconds, double unusualRatio, int unusualMinBars, Supplier<Map<String, String>> savedRows) {
    this.savedRows = savedRows;
    this.top = top;
    this.ttlSeconds = ttlSeconds;
    this.rowTtlSeconds = rowTtlSeconds;
    this.unusualRatio = unusualRatio;
    this.unusualMinBars = unusualMinBars;
  }

  /**
   * @param consumer the broker consumer the bar came through ({@link MdqPartitions#CONSUMER_HEADER}):
   *     when it changes, the rows held here may be stale, and are loaded from the MDC again
   * @return the symbol's row (first) and the lists that changed
   */
  public synchronized List<CacheUpdate> process(
      @Body String raw, @Header(MassiveConstants.RECEIVED_AT) Long receivedAt, @Header(MdqPartitions.CONSUMER_HEADER) String consumer) {
    if (consumer != null && !consumer.equals(this.consumer)) {
      rows.clear();
      lastPublished.clear();
      hydrate(savedRows.get());
      this.consumer = consumer;
    }
    Row row = update(Json.read(raw));
    List<CacheUpdate> updates = new ArrayList<>(5);
    updates.add(CacheUpdate.state(ROWS + row.symbol(), row.json(), rowTtlSeconds));
    List<Row> all = new ArrayList<>(rows.values());
    Comparator<Row> byChange = Comparator.comparingDouble(Row::changePercent);
    publishIfChanged("gainers", all, r -> true, byChange.reversed(), updates);
    publishIfChanged("losers", all, r -> true, byChange, updates);
    publishIfChanged("active", all, r -> true, Comparator.comparingLong(Row::volume).reversed(), updates);
    publishIfChanged("unusual", all, this::unusual, Comparator.comparingDouble(Row::volumeRatio).reversed(), updates);
    return updates;
  }

  private boolean unusual(Row row) {
    return row.earlierMinutes() >= unusualMinBars && row.averageMinuteVolume() > 0 && row.volumeRatio() >= unusualRatio;
  }

  private Row update(JsonNode bar) {
    String symbol = Json.symbol(bar);
    long time = bar.path("e").asLong(bar.path("s").asLong());
    Row previous = rows.get(symbol);
    if (previous != null && Json.day(previous.time()) != Json.day(time)) {
      previous = null; // a new session
    }
    long earlierMinutes = 0;
    long earlierVolume = 0;
    if (previous != null && previous.time() == time) {
      // the same minute again (a repeated bar): it is not an earlier minute of itself
      earlierMinutes = previous.earlierMinutes();
      earlierVolume = previous.earlierVolume();
    } else if (previous != null) {
      earlierMinutes = previous.earlierMinutes() + 1;
      earlierVolume = previous.earlierVolume() + previous.minuteVolume();
    }
    double open = bar.path("op").asDouble(previous == null ? bar.path("o").asDouble() : previous.open());
    Row row = new Row(symbol, open, bar.path("c").asDouble(), bar.path("av").asLong(), time, bar.path("v").asLong(), earlierMinutes, earlierVolume);
    rows.put(symbol, row);
    return row;
  }

  private void publishIfChanged(String list, List<Row> all, Predicate<Row> filter, Comparator<Row> order, List<CacheUpdate> out) {
    ArrayNode items = Json.MAPPER.createArrayNode();
    all.stream()
        .filter(filter)
        .sorted(order.thenComparing(Row::symbol))
        .limit(top)
        .forEach(
            r ->
                items.addObject().put("sym", r.symbol()).put("last", r.last()).put("open", r.open())
                    .put("changePercent", Math.round(r.changePercent() * 1000) / 1000.0)
                    .put("volume", r.volume())
                    .put("minuteVolume", r.minuteVolume())
                    .put("averageVolume", Math.round(r.averageMinuteVolume()))
                    .put("volumeRatio", Math.round(r.volumeRatio() * 100) / 100.0));
    String key = items.toString();
    if (!key.equals(lastPublished.put(list, key))) {
      ObjectNode value = Json.object().put("type", "scanner").put("list", list);
      value.set("items", items);
      out.add(CacheUpdate.latest("scanner:" + list, value.toString(), ttlSeconds));
    }
  }

  /**
   * Restores the rows the MDC keeps ({@code scanner:row:*}, the values of {@link #ROWS} channels):
   * each as its last bar left it, with the session's earlier minutes and their volume, so the
   * unusual-volume average goes on from where it was.
   */
  public synchronized void hydrate(Map<String, String> saved) {
    saved.values().forEach(json -> {
      Row row = Row.from(Json.read(json));
      rows.put(row.symbol(), row);
    });
  }

  public int symbols() {
    return rows.size();
  }
}
