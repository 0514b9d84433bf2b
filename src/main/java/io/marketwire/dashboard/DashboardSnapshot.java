package io.marketwire.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.component.stream.RabbitMqStreamConsumer;
import io.marketwire.dataplane.listener.ListenerCounters;
import io.marketwire.dataplane.listener.MassiveConsumer;
import io.marketwire.dataplane.wds.WdsHub;
import io.marketwire.marketdata.ConsumerActivity;
import io.marketwire.marketdata.ConsumerLagMonitor;
import io.marketwire.marketdata.StreamConsumers;
import io.marketwire.marketdata.VwapBatcher;
import io.marketwire.orders.OrderStats;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds one JSON snapshot of everything the dashboard shows, from the beans of the flows that run
 * in this process (each panel is empty when its flow is not loaded) plus Redis and the RabbitMQ
 * management API. Called by the feed route once per period, on one thread; it keeps what needs a
 * previous value (rates) and the price trend of the last minutes.
 *
 * <p>A panel whose source fails carries {@code "error"} instead of its data; the others still
 * go out. Failures are logged at most once a minute per panel.
 */
public final class DashboardSnapshot {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardSnapshot.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PRODUCER_ROUTE = "market-data-producer";
  private static final String RPC_ROUTE = "orders-rpc-call";

  /** Where the snapshot reads from; names come from config/ (see DashboardConfiguration). */
  public record Settings(
      String marketDataStream,
      List<String> streams,
      String vwapLatestKey,
      String quotesStream,
      String alertsStream,
      String mdqPrefix,
      String mdcPrefix,
      String ordersNamespace,
      Duration trendWindow) {}

  private final CamelContext context;
  private final Settings settings;
  private final QueueDepths queues;
  private final Map<String, Deque<double[]>> trend = new TreeMap<>();
  private final Map<String, Long> lastWarned = new LinkedHashMap<>();
  private StatefulRedisConnection<String, String> redis;
  private long previousListenerReceived = -1;
  private long previousListenerNanos;
  private long sequence;

  public DashboardSnapshot(CamelContext context, Settings settings, QueueDepths queues) {
    this.context = context;
    this.settings = settings;
    this.queues = queues;
  }

  /** The whole dashboard as one JSON text. */
  public synchronized String build() throws Exception {
    long now = System.currentTimeMillis();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "snapshot");
    out.put("seq", ++sequence);
    out.put("time", now);
    Map<String, QueueDepths.Depth> depths = section(out, "queuesError", () -> queues == null ? Map.of() : queues.read());
    if (depths == null) {
      depths = Map.of();
    }
    Map<String, QueueDepths.Depth> d = depths;
    Map<String, Map<String, Object>> consumers = consumers();
    out.put("totals", totals(consumers, d));
    out.put("streams", streams(d));
    out.put("consumers", consumers);
    out.put("symbols", section(out, "symbolsError", () -> symbols(now)));
    out.put("trend", trend());
    out.put("orders", section(out, "ordersError", () -> orders(d)));
    out.put("redis", section(out, "redisError", this::redisPanel));
    out.put("dataplane", section(out, "dataplaneError", () -> dataplane(d)));
    out.put("routes", routes());
    return JSON.writeValueAsString(out);
  }

  // ---------------------------------------------------------------- market data

  private Map<String, Map<String, Object>> consumers() {
    ConsumerActivity activity = bean("consumerActivity", ConsumerActivity.class);
    ConsumerLagMonitor lagMonitor = bean("consumerLag", ConsumerLagMonitor.class);
    Map<String, Map<String, Object>> rows = activity == null ? new LinkedHashMap<>() : activity.snapshot();
    Map<String, Long> lags = lagMonitor == null ? Map.of() : lagMonitor.lags();
    rows.forEach((name, row) -> row.put("lag", lags.get(name)));
    return rows;
  }

  private Map<String, Object> totals(Map<String, Map<String, Object>> consumers, Map<String, QueueDepths.Depth> depths) {
    long consumed = 0;
    long rate = 0;
    int active = 0;
    for (Map<String, Object> row : consumers.values()) {
      consumed += ((Number) row.get("count")).longValue();
      long r = ((Number) row.get("rate")).longValue();
      rate += r;
      if (r > 0) {
        active++;
      }
    }
    Map<String, Object> totals = new LinkedHashMap<>();
    ManagedRouteMBean producer = managedRoute(PRODUCER_ROUTE);
    totals.put("produced", producer == null ? null : producer.getExchangesCompleted());
    totals.put("inStream", inStream(depths));
    totals.put("consumed", consumed);
    totals.put("activeConsumers", active);
    totals.put("consumers", consumers.size());
    totals.put("consumeRate", rate);
    return totals;
  }

  /**
   * Messages the market-data stream holds: its last committed offset plus one, asked of the broker
   * through a running consumer of the stream (exact, and fresh); otherwise the management API's
   * figure (refreshed every few seconds).
   */
  private Long inStream(Map<String, QueueDepths.Depth> depths) {
    for (RabbitMqStreamConsumer consumer : new StreamConsumers(context).named()) {
      if (settings.marketDataStream().equals(consumer.getConfiguration().getStream())) {
        long committed = consumer.committedOffset();
        if (committed >= 0) {
          return committed + 1;
        }
      }
    }
    QueueDepths.Depth depth = depths.get(settings.marketDataStream());
    return depth == null ? null : depth.messages();
  }

  /** The configured streams' sizes (management API; absent streams left out). */
  private Map<String, Object> streams(Map<String, QueueDepths.Depth> depths) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : settings.streams()) {
      QueueDepths.Depth depth = depths.get(name);
      if (depth != null) {
        out.put(name, depth.messages());
      }
    }
    return out;
  }

  /** Ticks and VWAP per symbol: the batcher's day book (latest day) and its latest batch in Redis. */
  private List<Map<String, Object>> symbols(long now) throws Exception {
    List<Map<String, Object>> rows = new ArrayList<>();
    if (context.getRoute("market-data-vwap") == null) {
      return rows;
    }
    VwapBatcher batcher = bean("vwapBatcher", VwapBatcher.class);
    if (batcher == null) {
      return rows;
    }
    Map<String, Long> ticks = new TreeMap<>();
    Map<String, SymbolStatsSnapshot> latestDay = new TreeMap<>();
    // keys are yyyy-mm-dd/SYMBOL in day order, so the last one seen per symbol is its latest day
    batcher.book().all().forEach((key, stats) -> {
      ticks.merge(stats.symbol(), stats.count(), Long::sum);
      latestDay.put(stats.symbol(), stats);
    });
    Map<String, String> latestBatch = redis().hgetall(settings.vwapLatestKey());
    for (Map.Entry<String, SymbolStatsSnapshot> e : latestDay.entrySet()) {
      SymbolStatsSnapshot day = e.getValue();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("symbol", e.getKey());
      row.put("ticks", ticks.get(e.getKey()));
      row.put("last", day.close());
      row.put("dayVwap", finite(day.vwap()));
      row.put("dayVolume", day.volume());
      String batch = latestBatch.get(e.getKey());
      if (batch != null) {
        JsonNode b = JSON.readTree(batch);
        row.put("batchVwap", b.path("vwap").isNumber() ? b.path("vwap").asDouble() : null);
        row.put("batchId", b.path("batch_id").asLong());
      }
      rows.add(row);
      record(e.getKey(), now, day.close(), finite(day.vwap()));
    }
    return rows;
  }

  /** Adds a point to a symbol's trend when its price or VWAP moved, and drops old points. */
  private void record(String symbol, long now, double price, Double vwap) {
    Deque<double[]> points = trend.computeIfAbsent(symbol, s -> new ArrayDeque<>());
    double v = vwap == null ? Double.NaN : vwap;
    double[] last = points.peekLast();
    if (last == null || last[1] != price || Double.compare(last[2], v) != 0) {
      points.addLast(new double[] {now, price, v});
    }
    long oldest = now - settings.trendWindow().toMillis();
    while (!points.isEmpty() && points.peekFirst()[0] < oldest) {
      points.removeFirst();
    }
  }

  private Map<String, List<Object[]>> trend() {
    Map<String, List<Object[]>> out = new TreeMap<>();
    trend.forEach(
        (symbol, points) -> {
          List<Object[]> list = new ArrayList<>(points.size());
          for (double[] p : points) {
            list.add(new Object[] {(long) p[0], p[1], Double.isNaN(p[2]) ? null : p[2]});
          }
          out.put(symbol, list);
        });
    return out;
  }

  // ---------------------------------------------------------------- orders

  private Map<String, Object> orders(Map<String, QueueDepths.Depth> depths) {
    OrderStats stats = bean("orderStats", OrderStats.class);
    Map<String, Object> out = new LinkedHashMap<>();
    if (stats != null) {
      out.put("produced", stats.produced());
      out.put("processed", stats.processedCount());
      out.put("retried", stats.retriedCount());
      out.put("deadLettered", stats.deadLetteredCount());
      out.put("dispatched", stats.dispatchedCount());
      out.put("rpcAnswered", stats.rpcAnsweredCount());
      out.put("rpcTimedOut", stats.rpcTimedOutCount());
    }
    ManagedRouteMBean rpc = managedRoute(RPC_ROUTE);
    if (rpc != null && rpc.getExchangesTotal() > 0) {
      out.put("rpcLatencyMeanMs", rpc.getMeanProcessingTime());
      out.put("rpcLatencyMaxMs", rpc.getMaxProcessingTime());
      out.put("rpcLatencyLastMs", rpc.getLastProcessingTime());
    }
    String prefix = settings.ordersNamespace() + "orders.";
    Map<String, Object> queues = new TreeMap<>();
    depths.forEach((name, depth) -> {
      if (name.startsWith(prefix)) {
        queues.put(name, depth.messages());
      }
    });
    out.put("queues", queues);
    return out;
  }

  // ---------------------------------------------------------------- Redis (quotes flows)

  /**
   * The quotes flows' Redis data, read directly: the latest quote per symbol and recent alerts
   * from their streams, pending entries per consumer group, and the indicators of the {@code
   * technicalAnalysis} bean when the quotes flows run in this process.
   */
  private Map<String, Object> redisPanel() {
    RedisCommands<String, String> r = redis();
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Map<String, String>> quotes = new TreeMap<>();
    for (StreamMessage<String, String> m : r.xrevrange(settings.quotesStream(), Range.create("-", "+"), Limit.from(200))) {
      String symbol = m.getBody().get("symbol");
      if (symbol != null && !quotes.containsKey(symbol)) {
        Map<String, String> q = new LinkedHashMap<>(m.getBody());
        q.put("id", m.getId());
        quotes.put(symbol, q);
      }
    }
    out.put("quotes", quotes);
    out.put("quotesLength", r.xlen(settings.quotesStream()));
    List<Map<String, String>> alerts = new ArrayList<>();
    for (StreamMessage<String, String> m : r.xrevrange(settings.alertsStream(), Range.create("-", "+"), Limit.from(10))) {
      Map<String, String> a = new LinkedHashMap<>(m.getBody());
      a.put("id", m.getId());
      alerts.add(a);
    }
    out.put("alerts", alerts);
    out.put("groups", r.exists(settings.quotesStream()) == 0 ? List.of() : groups(r.xinfoGroups(settings.quotesStream())));
    out.put("indicators", indicators(quotes.keySet()));
    return out;
  }

  /** XINFO GROUPS, RESP2 (flat lists) or RESP3 (maps), to name, pending, lag, consumers. */
  private static List<Map<String, Object>> groups(List<Object> reply) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object group : reply) {
      Map<String, Object> fields = new LinkedHashMap<>();
      if (group instanceof Map<?, ?> map) {
        map.forEach((k, v) -> fields.put(String.valueOf(k), v));
      } else if (group instanceof List<?> list) {
        for (int i = 0; i + 1 < list.size(); i += 2) {
          fields.put(String.valueOf(list.get(i)), list.get(i + 1));
        }
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", String.valueOf(fields.get("name")));
      row.put("pending", fields.get("pending"));
      row.put("lag", fields.get("lag"));
      row.put("consumers", fields.get("consumers"));
      out.add(row);
    }
    return out;
  }

  private Map<String, Object> indicators(Iterable<String> symbols) {
    Map<String, Object> out = new TreeMap<>();
    Object technical = context.getRegistry().lookupByName("technicalAnalysis");
    if (technical == null) {
      return out;
    }
    try {
      Method latest = technical.getClass().getMethod("latest", String.class);
      for (String symbol : symbols) {
        Object values = latest.invoke(technical, symbol);
        if (values != null) {
          out.put(symbol, values);
        }
      }
    } catch (ReflectiveOperationException e) {
      warn("indicators", "technicalAnalysis has no latest(String): " + e);
    }
    return out;
  }

  // ---------------------------------------------------------------- data plane

  private Map<String, Object> dataplane(Map<String, QueueDepths.Depth> depths) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    MassiveConsumer listener = MassiveConsumer.find(context).orElse(null);
    if (listener != null) {
      ListenerCounters c = listener.counters();
      long nanos = System.nanoTime();
      long received = c.received();
      Long rate = null;
      if (previousListenerReceived >= 0 && nanos > previousListenerNanos) {
        rate = Math.round((received - previousListenerReceived) / ((nanos - previousListenerNanos) / 1e9));
      }
      previousListenerReceived = received;
      previousListenerNanos = nanos;
      Map<String, Object> l = new LinkedHashMap<>();
      l.put("state", listener.connection().state().name());
      l.put("received", received);
      l.put("published", c.published());
      l.put("dropped", c.dropped());
      l.put("connects", c.connects());
      l.put("rate", rate);
      out.put("listener", l);
    }
    Map<String, Object> mdq = new TreeMap<>();
    depths.forEach((name, depth) -> {
      if (name.startsWith(settings.mdqPrefix())) {
        mdq.put(name, depth.messages());
      }
    });
    out.put("queues", mdq);
    Map<String, Object> scanner = new LinkedHashMap<>();
    RedisCommands<String, String> r = redis();
    for (String list : List.of("gainers", "losers", "active")) {
      String json = r.get(settings.mdcPrefix() + "scanner:" + list);
      scanner.put(list, json == null ? List.of() : JSON.readTree(json).path("items"));
    }
    out.put("scanner", scanner);
    WdsHub wds = bean("wdsHub", WdsHub.class);
    if (wds != null && context.getRoute("wds-fanout") != null) {
      out.put("wdsSessions", wds.sessions());
      out.put("wdsDelivered", wds.delivered());
    }
    return out;
  }

  // ---------------------------------------------------------------- Camel

  private List<Map<String, Object>> routes() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Route route : context.getRoutes()) {
      Map<String, Object> row = new LinkedHashMap<>();
      ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
      row.put("id", route.getRouteId());
      row.put("state", status == null ? "Unknown" : status.name());
      ManagedRouteMBean m = managedRoute(route.getRouteId());
      if (m != null) {
        row.put("total", m.getExchangesTotal());
        row.put("failed", m.getExchangesFailed());
        row.put("inflight", m.getExchangesInflight());
        row.put("meanMs", m.getMeanProcessingTime());
      }
      out.add(row);
    }
    return out;
  }

  private ManagedRouteMBean managedRoute(String id) {
    ManagedCamelContext managed = context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
    return managed == null || context.getRoute(id) == null ? null : managed.getManagedRoute(id);
  }

  // ---------------------------------------------------------------- helpers

  private interface Source<T> {
    T get() throws Exception;
  }

  private <T> T section(Map<String, Object> out, String errorKey, Source<T> source) {
    try {
      return source.get();
    } catch (Exception e) {
      String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      out.put(errorKey, message);
      warn(errorKey, message);
      return null;
    }
  }

  private void warn(String key, String message) {
    long now = System.currentTimeMillis();
    Long last = lastWarned.get(key);
    if (last == null || now - last > 60_000) {
      lastWarned.put(key, now);
      LOG.warn("Dashboard panel {} unavailable: {}", key.replace("Error", ""), message);
    }
  }

  private <T> T bean(String name, Class<T> type) {
    return context.getRegistry().lookupByNameAndType(name, type);
  }

  private RedisCommands<String, String> redis() {
    if (redis == null || !redis.isOpen()) {
      RedisClient client = bean("redisClient", RedisClient.class);
      if (client == null) {
        throw new IllegalStateException("no redisClient bean");
      }
      redis = client.connect();
      redis.setTimeout(Duration.ofSeconds(2));
    }
    return redis.sync();
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /** Closes the Redis connection (on Camel stop). */
  public synchronized void close() {
    if (redis != null) {
      redis.close();
      redis = null;
    }
  }
}
