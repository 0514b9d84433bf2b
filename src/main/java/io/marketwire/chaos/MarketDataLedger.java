package io.marketwire.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import io.lettuce.core.api.sync.RedisCommands;
import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import io.marketwire.source.BarReplay;
import io.marketwire.source.SourceEvent;
import io.marketwire.source.TimeWindow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Market data under chaos: the app replays real bars into the run's market-data stream (its named
 * producer publishes every tick exactly once, resuming after kills) and its VWAP consumer keeps the
 * day book. The truth is this JVM's own pass over the same bars; at the end the stream must hold
 * every replay position exactly once and the day book must equal the truth for every symbol and
 * day. Malformed ticks go into the same stream and must reach the errors stream.
 */
final class MarketDataLedger implements Ledger {

  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "LII");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChaosRun run;
  private final LocalDate from = LocalDate.parse("2024-03-01");
  private final LocalDate to;
  private final String speed;
  private final Environment environment;
  private final RedisCommands<String, String> redis;
  private final Map<String, double[]> truth = new TreeMap<>();
  private final long expected;
  private long malformed;

  MarketDataLedger(ChaosRun run, Environment environment, RedisCommands<String, String> redis) {
    this.run = run;
    this.environment = environment;
    this.redis = redis;
    // about a week of bars per minute of run, replayed over nine tenths of the load phase
    long days = Math.max(3, Math.min(300, Math.round(run.minutes() * 7)));
    LocalDate last = from.plusDays(days - 1);
    this.to = last.isAfter(LocalDate.parse("2024-12-31")) ? LocalDate.parse("2024-12-31") : last;
    double seconds = Math.max(10, run.minutes() * 60 * 0.9);
    this.speed = Long.toString(Math.max(1, Math.round(days * 86_400 / seconds)));
    this.expected = readTruth();
  }

  /** The same replay the app runs, unpaced: how many ticks, and each symbol-day's sums. */
  private long readTruth() {
    long count = 0;
    try (BarReplay replay =
        BarReplay.builder()
            .directory(run.barsDirectory())
            .symbols(SYMBOLS)
            .window(TimeWindow.days(from, to))
            .open()) {
      while (replay.hasNext()) {
        SourceEvent event = replay.next();
        if (event instanceof SourceEvent.Tick tick) {
          count++;
          MarketData t = tick.data();
          double[] s = truth.computeIfAbsent(dayKey(t), k -> new double[2]);
          s[0] += t.lastPrice() * t.lastSize();
          s[1] += t.lastSize();
        }
      }
    }
    return count;
  }

  @Override
  public List<String> routes() {
    return List.of(
        "file:routes/market-data/producer/producer.camel.yaml",
        "file:routes/market-data/vwap/vwap.camel.yaml",
        "file:routes/market-data/common/errors.camel.yaml",
        "file:routes/market-data/consumers/lag.camel.yaml");
  }

  @Override
  public Map<String, String> appProperties() {
    Map<String, String> p = new HashMap<>();
    p.put("marketwire.market-data.stream", run.name("md"));
    p.put("marketwire.market-data.errors-stream", run.name("md-errors"));
    p.put("marketwire.vwap.stream", run.name("vwap"));
    p.put("marketwire.vwap.consumer-name", run.name("vwap"));
    p.put("marketwire.producer.source", "replay");
    p.put("marketwire.replay.directory", run.barsDirectory().toString());
    p.put("marketwire.replay.symbols", String.join(",", SYMBOLS));
    p.put("marketwire.replay.from", from.toString());
    p.put("marketwire.replay.to", to.toString());
    p.put("marketwire.replay.speed", speed);
    return p;
  }

  String describeLoad() {
    return expected + " ticks of " + SYMBOLS + " " + from + ".." + to + " at speed " + speed;
  }

  @Override
  public void start() {
    // the app's replay is the load
  }

  @Override
  public void injectMalformed() {
    var producer = environment.producerBuilder().stream(run.name("md")).build();
    try {
      List<byte[]> bodies =
          List.of(
              "not a tick".getBytes(StandardCharsets.UTF_8),
              "{\"symbol\":\"AZO\",\"price\":\"abc\"}".getBytes(StandardCharsets.UTF_8),
              new byte[] {1, 2, 3});
      java.util.concurrent.CountDownLatch confirmed = new java.util.concurrent.CountDownLatch(bodies.size());
      AtomicLong ok = new AtomicLong();
      for (byte[] body : bodies) {
        producer.send(
            producer.messageBuilder().addData(body).build(),
            status -> {
              if (status.isConfirmed()) {
                ok.incrementAndGet();
              }
              confirmed.countDown();
            });
      }
      confirmed.await(30, java.util.concurrent.TimeUnit.SECONDS);
      malformed += ok.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      producer.close();
    }
  }

  @Override
  public boolean settled() throws Exception {
    long inBook = book().values().stream().mapToLong(SymbolStatsSnapshot::count).sum();
    return inBook >= expected && count(run.name("md-errors")) >= malformed;
  }

  @Override
  public List<LedgerRow> account() throws Exception {
    // every replay position, from the publishing id the named producer wrote into each tick
    Map<Long, Integer> copies = new HashMap<>();
    Map<String, double[]> stored = new TreeMap<>();
    MarketDataCodec codec = new MarketDataCodec();
    readFromStart(
        run.name("md"),
        (id, body) -> {
          if (id == null) {
            return; // an injected malformed message: accounted for through the errors stream
          }
          if (copies.merge(id, 1, Integer::sum) == 1) {
            MarketData t = codec.decode(body);
            double[] s = stored.computeIfAbsent(dayKey(t), k -> new double[2]);
            s[0] += t.lastPrice() * t.lastSize();
            s[1] += t.lastSize();
          }
        });
    long distinctInRange = copies.keySet().stream().filter(id -> id >= 1 && id <= expected).count();
    long duplicates = copies.values().stream().mapToLong(c -> c - 1).sum();
    List<String> wrongDays = mismatches(stored, "stream");

    Map<String, SymbolStatsSnapshot> book = book();
    long inBook = book.values().stream().mapToLong(SymbolStatsSnapshot::count).sum();
    Map<String, double[]> bookSums = new TreeMap<>();
    book.forEach((key, day) -> bookSums.put(key, new double[] {day.vwap() * day.volume(), day.volume()}));
    List<String> wrongBook = mismatches(bookSums, "day book");

    long errors = count(run.name("md-errors"));
    List<LedgerRow> rows = new ArrayList<>();
    rows.add(
        new LedgerRow(
            "market-data stream", LedgerRow.Guarantee.EXACTLY_ONCE, expected, distinctInRange - wrongDays.size(),
            duplicates, 0, 0, expected - distinctInRange + wrongDays.size(),
            wrongDays.isEmpty() ? "publishing ids 1.." + expected : String.join("; ", wrongDays)));
    rows.add(
        new LedgerRow(
            "VWAP day book", LedgerRow.Guarantee.EXACTLY_ONCE, expected, Math.min(inBook, expected),
            Math.max(0, inBook - expected), 0, 0, Math.max(0, expected - inBook) + wrongBook.size(),
            wrongBook.isEmpty() ? truth.size() + " symbol-days equal to the bars" : String.join("; ", wrongBook)));
    rows.add(
        new LedgerRow(
            "market-data malformed", LedgerRow.Guarantee.DEAD_LETTERED, malformed, 0, Math.max(0, errors - malformed),
            Math.min(errors, malformed), 0, Math.max(0, malformed - errors), "in " + run.name("md-errors")));
    return rows;
  }

  /** Symbol-days whose volume or VWAP differ from the truth (VWAP to 1e-9 relative). */
  private List<String> mismatches(Map<String, double[]> got, String where) {
    List<String> wrong = new ArrayList<>();
    truth.forEach(
        (key, want) -> {
          double[] g = got.get(key);
          if (g == null) {
            wrong.add(key + " missing in the " + where);
          } else if (Math.round(g[1]) != Math.round(want[1])
              || Math.abs(g[0] / g[1] - want[0] / want[1]) > 1e-9 * (want[0] / want[1])) {
            wrong.add(key + " differs in the " + where);
          }
        });
    return wrong;
  }

  private Map<String, SymbolStatsSnapshot> book() throws Exception {
    String saved = redis.get("marketwire:vwap:" + run.name("vwap") + ":state");
    Map<String, SymbolStatsSnapshot> days = new HashMap<>();
    if (saved != null) {
      JsonNode state = JSON.readTree(saved);
      state.get("days").fields().forEachRemaining(e -> days.put(e.getKey(), JSON.convertValue(e.getValue(), SymbolStatsSnapshot.class)));
    }
    return days;
  }

  private long count(String stream) {
    AtomicLong n = new AtomicLong();
    readFromStart(stream, (id, body) -> n.incrementAndGet());
    return n.get();
  }

  /** Reads a stream from its start until nothing new came for a second. */
  private void readFromStart(String stream, java.util.function.BiConsumer<Long, byte[]> onMessage) {
    if (!environment.streamExists(stream)) {
      return;
    }
    AtomicLong lastSeen = new AtomicLong(System.nanoTime());
    try (var consumer =
        environment.consumerBuilder().stream(stream).offset(OffsetSpecification.first())
            .messageHandler((ctx, msg) -> {
              Object id = msg.getApplicationProperties() == null ? null : msg.getApplicationProperties().get("x-publishing-id");
              onMessage.accept(id == null ? null : ((Number) id).longValue(), msg.getBodyAsBinary());
              lastSeen.set(System.nanoTime());
            })
            .build()) {
      while (System.nanoTime() - lastSeen.get() < 1_000_000_000L) {
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String dayKey(MarketData t) {
    return t.timestamp().atZone(ZoneOffset.UTC).toLocalDate() + "/" + t.symbol();
  }

  @Override
  public void close() {
    for (String s : List.of(run.name("md"), run.name("md-errors"), run.name("vwap"))) {
      try {
        environment.deleteStream(s);
      } catch (RuntimeException ignored) {
        // never created, or already gone
      }
    }
    redis.del("marketwire:vwap:" + run.name("vwap") + ":state");
  }
}
