package io.marketwire.quotes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.marketwire.app.Flows;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consumer groups, history and API of routes/quotes in one running app (producer off): quotes
 * are written by a plain Lettuce XADD, in seed 002's own shape unless a test says otherwise.
 */
class QuotesFlowIT {

  private static QuotesITSupport run;

  @BeforeAll
  static void start() {
    run = new QuotesITSupport("flow");
    run.start(Flows.routes("quotes"), run.overrides());
    run.awaitGroups(QuotesITSupport.ALL_GROUPS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (run != null) {
      run.close();
    }
  }

  /** A quote exactly as seed 002's Python producer writes it: no change fields. */
  private static Map<String, String> seedQuote(String symbol, double price, long volume, long epochMillis) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("symbol", symbol);
    fields.put("price", Double.toString(price));
    fields.put("volume", Long.toString(volume));
    fields.put("timestamp", Long.toString(epochMillis / 1000));
    fields.put("datetime", Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC).toLocalDateTime().toString());
    return fields;
  }

  @Test
  void seedShapedQuotesAreStoredAndServedWithStatusCodes() throws Exception {
    long t = Instant.parse("2024-03-01T15:00:00Z").toEpochMilli();
    run.xadd(seedQuote("SEEDA", 101.25, 300, t));
    run.xadd(seedQuote("SEEDA", 101.50, 200, t + 60_000));

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      HttpResponse<String> latest = run.get("/api/stocks/SEEDA");
      assertThat(latest.statusCode()).isEqualTo(200);
      assertThat(latest.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
      assertThat(latest.body()).contains("\"symbol\":\"SEEDA\"", "\"price\":101.5", "\"volume\":200", "\"change\":null");
    });
    HttpResponse<String> history = run.get("/api/stocks/seeda/history?from=2024-03-01&to=2024-03-01T15:01:00Z");
    assertThat(history.statusCode()).isEqualTo(200);
    assertThat(history.body()).contains("\"count\":1", "\"price\":101.25");

    HttpResponse<String> unknown = run.get("/api/stocks/NOSUCH");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("\"status\":404", "unknown symbol NOSUCH");
    assertThat(run.get("/api/stocks/NOSUCH/history").statusCode()).isEqualTo(404);

    HttpResponse<String> malformed = run.get("/api/stocks/BAD$SYM");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).contains("\"status\":400", "malformed symbol");
    assertThat(run.get("/api/stocks/TOOLONGSYMBOL1").statusCode()).isEqualTo(400);
    // no token, or a bad one: 401 with a JSON error
    HttpResponse<String> anonymous = run.getAnonymous("/api/stocks/SEEDA");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("\"status\":401");
    assertThat(run.getAnonymous("/api/alerts").statusCode()).isEqualTo(401);
    HttpResponse<String> badFrom = run.get("/api/stocks/SEEDA/history?from=yesterday");
    assertThat(badFrom.statusCode()).isEqualTo(400);
    assertThat(badFrom.body()).contains("from must be");
    assertThat(run.get("/api/stocks/SEEDA/history?from=2024-03-02&to=2024-03-01").statusCode()).isEqualTo(400);
    assertThat(run.get("/api/alerts?limit=0").statusCode()).isEqualTo(400);
    assertThat(run.get("/api/alerts?kind=nonsense").statusCode()).isEqualTo(400);
    assertThat(run.get("/api/alerts").statusCode()).isEqualTo(200);
  }

  @Test
  void quotesAndAlertsArePushedToWebSocketClients() throws Exception {
    java.util.concurrent.BlockingQueue<String> quotes = new java.util.concurrent.LinkedBlockingQueue<>();
    java.util.concurrent.BlockingQueue<String> alerts = new java.util.concurrent.LinkedBlockingQueue<>();
    var client = java.net.http.HttpClient.newHttpClient();
    // without a token the upgrade is refused with 401
    for (String path : new String[] {"/ws/quotes", "/ws/alerts"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> client.newWebSocketBuilder()
                  .buildAsync(java.net.URI.create("ws://127.0.0.1:" + run.port + path), collector(quotes)).join())
          .cause()
          .isInstanceOf(java.net.http.WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }
    String token = "?token=" + run.token();
    var quotesSocket = client.newWebSocketBuilder()
        .buildAsync(java.net.URI.create("ws://127.0.0.1:" + run.port + "/ws/quotes" + token), collector(quotes)).get(10, java.util.concurrent.TimeUnit.SECONDS);
    var alertsSocket = client.newWebSocketBuilder()
        .buildAsync(java.net.URI.create("ws://127.0.0.1:" + run.port + "/ws/alerts" + token), collector(alerts)).get(10, java.util.concurrent.TimeUnit.SECONDS);
    try {
      long t = Instant.parse("2024-03-01T15:00:00Z").toEpochMilli();
      run.xadd(seedQuote("WSQ", 50.0, 10, t));
      run.xadd(seedQuote("WSQ", 51.0, 10, t + 1000)); // +2 %: a price alert
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(quotes).anySatisfy(m -> assertThat(m).contains("\"symbol\":\"WSQ\"", "\"price\":51.0"));
        assertThat(alerts).anySatisfy(m -> assertThat(m).contains("\"symbol\":\"WSQ\"", "PRICE_ALERT"));
      });
    } finally {
      quotesSocket.abort();
      alertsSocket.abort();
    }
  }

  private static java.net.http.WebSocket.Listener collector(java.util.Queue<String> into) {
    return new java.net.http.WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          into.add(partial.toString());
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }
    };
  }

  @Test
  void priceAlertAtTheThresholdAndNotBelow() throws Exception {
    long t = Instant.parse("2024-03-01T15:00:00Z").toEpochMilli();
    // default threshold 2.0 % (config/routing.properties); reference = the first price
    run.xadd(seedQuote("ALRTA", 100.00, 100, t));
    run.xadd(seedQuote("ALRTA", 101.99, 100, t + 1000)); // +1.99 %: no alert
    run.xadd(seedQuote("ALRTA", 98.01, 100, t + 2000)); // -1.99 %: no alert
    run.xadd(seedQuote("ALRTA", 102.00, 100, t + 3000)); // +2.00 %: alert, new reference 102
    run.xadd(seedQuote("ALRTA", 103.00, 100, t + 4000)); // +0.98 % from 102: no alert
    // BKNG has its own threshold, 1.5 %
    run.xadd(seedQuote("BKNG", 100.00, 100, t));
    run.xadd(seedQuote("BKNG", 101.49, 100, t + 1000));
    run.xadd(seedQuote("BKNG", 101.50, 100, t + 2000));

    await().atMost(Duration.ofSeconds(20)).until(() -> run.pending("price_alerts") == 0
        && run.sqlCount("SELECT COUNT(*) FROM alerts WHERE kind = 'PRICE_ALERT' AND symbol = 'BKNG'") == 1);
    List<List<Object>> alerts = run.sql("SELECT symbol, price, reference, value, threshold FROM alerts WHERE kind = 'PRICE_ALERT' AND symbol IN ('ALRTA', 'BKNG') ORDER BY symbol");
    assertThat(alerts).hasSize(2);
    assertThat(alerts.get(0)).containsExactly("ALRTA", 102.0, 100.0, ((Number) alerts.get(0).get(3)).doubleValue(), 2.0);
    assertThat(((Number) alerts.get(0).get(3)).doubleValue()).isCloseTo(2.0, within(1e-9));
    assertThat(alerts.get(1).get(1)).isEqualTo(101.5);
    assertThat(alerts.get(1).get(4)).isEqualTo(1.5);
    // pushed on the alerts stream too, and listed by the API
    assertThat(run.redis.xrange(run.alertsStream, io.lettuce.core.Range.create("-", "+")))
        .anySatisfy(m -> assertThat(m.getBody()).containsEntry("symbol", "ALRTA").containsEntry("kind", "PRICE_ALERT"));
    HttpResponse<String> api = run.get("/api/alerts?symbol=ALRTA&kind=price_alert");
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(api.body()).contains("\"count\":1", "PRICE ALERT: ALRTA moved +2.00%");
  }

  @Test
  void poisonEntriesGoToTheDeadLetterStream() throws Exception {
    String poison = run.xadd(Map.of("symbol", "PSN", "price", "not-a-number", "volume", "1", "timestamp", "1709305200"));
    String dlq = run.stream + ":dlq";
    // every group that reads it moves it to the DLQ at its first failure (not a quote: no retry)
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
            run.redis.xrange(dlq, io.lettuce.core.Range.create("-", "+")).stream()
                .filter(m -> poison.equals(m.getBody().get("dlq.sourceId")))
                .map(m -> m.getBody().get("dlq.group")))
        .containsExactlyInAnyOrder(QuotesITSupport.ALL_GROUPS));
    var entry = run.redis.xrange(dlq, io.lettuce.core.Range.create("-", "+")).stream()
        .filter(m -> "price_alerts".equals(m.getBody().get("dlq.group"))).findFirst().orElseThrow();
    assertThat(entry.getBody()).containsEntry("price", "not-a-number").containsEntry("dlq.deliveryCount", "1")
        .containsEntry("dlq.exceptionClass", MalformedQuoteException.class.getName());
    assertThat(entry.getBody().get("dlq.exceptionMessage")).contains("field 'price' = 'not-a-number' is not a number");
    await().atMost(Duration.ofSeconds(5)).until(() -> run.pending("price_alerts") == 0);
  }

  @Test
  void indicatorsAndSessionEventsOnRealBarsMatchTheIndependentComputation() throws Exception {
    // Friday 1 and Monday 4 March 2024 of GWW, every bar's close as one seed-shaped quote
    RealBars bars = RealBars.read("GWW", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 4));
    for (int i = 0; i < bars.closes().size(); i++) {
      run.xadd(seedQuote("GWW", bars.closes().get(i), bars.volumes().get(i), bars.epochMillis().get(i)));
    }
    int n = bars.closes().size();
    TechnicalAnalysis technical = run.bean("technicalAnalysis", TechnicalAnalysis.class);
    await().atMost(Duration.ofSeconds(30)).until(() -> technical.latest("GWW") != null
        && ((Number) technical.latest("GWW").get("quotes")).longValue() == n);
    double[] p = bars.closeArray();
    Map<String, Object> latest = technical.latest("GWW");
    assertThat((double) latest.get("sma5")).isCloseTo(RealBars.sma(p, 5, n - 1), within(1e-9));
    assertThat((double) latest.get("sma20")).isCloseTo(RealBars.sma(p, 20, n - 1), within(1e-9));
    assertThat((double) latest.get("ema12")).isCloseTo(RealBars.ema(p, 12, n - 1), within(1e-9));
    assertThat((double) latest.get("ema26")).isCloseTo(RealBars.ema(p, 26, n - 1), within(1e-9));
    assertThat((double) latest.get("rsi14")).isCloseTo(RealBars.rsi(p, 14, n - 1), within(1e-9));

    // two sessions: two opens, the first one closed when the second day starts
    await().atMost(Duration.ofSeconds(20)).until(() -> run.pending("market_events") == 0
        && run.sqlCount("SELECT COUNT(*) FROM alerts WHERE symbol = 'GWW' AND kind = 'SESSION_OPEN'") == 2);
    assertThat(run.sqlCount("SELECT COUNT(*) FROM alerts WHERE symbol = 'GWW' AND kind = 'SESSION_CLOSE'")).isEqualTo(1);
    assertThat(run.sql("SELECT price FROM alerts WHERE symbol = 'GWW' AND kind = 'SESSION_CLOSE'").get(0).get(0))
        .isEqualTo(lastSessionCloseOf(bars, LocalDate.of(2024, 3, 1)));
    // nothing of it failed: no entry of these groups reached the dead-letter stream
    assertThat(run.redis.xrange(run.stream + ":dlq", io.lettuce.core.Range.create("-", "+")))
        .noneSatisfy(m -> assertThat(m.getBody().get("symbol")).isIn("GWW", "ALRTA", "BKNG", "SEEDA"));
  }

  /** The last close of the day's regular session (09:30 to 16:00 New York time). */
  private static double lastSessionCloseOf(RealBars bars, LocalDate day) {
    double last = Double.NaN;
    java.time.ZoneId newYork = java.time.ZoneId.of("America/New_York");
    for (int i = 0; i < bars.closes().size(); i++) {
      var t = Instant.ofEpochMilli(bars.epochMillis().get(i)).atZone(newYork);
      if (t.toLocalDate().equals(day) && !t.toLocalTime().isBefore(java.time.LocalTime.of(9, 30))
          && t.toLocalTime().isBefore(java.time.LocalTime.of(16, 0))) {
        last = bars.closes().get(i);
      }
    }
    return last;
  }
}
