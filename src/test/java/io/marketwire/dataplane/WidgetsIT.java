package io.marketwire.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.marketwire.app.Flows;
import io.marketwire.dataplane.upstream.UpstreamServer;
import io.marketwire.testsupport.HeadlessChromium;
import io.marketwire.testsupport.RunningApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The SCP app's widgets in a real browser (headless chromium) against the real data plane: the
 * local upstream server replays one day of four symbols at 900x through the listener, the MDQ and
 * the processors into the MDC; the app, logged in through the SCP form, shows the scanner lists,
 * quotes, trades and minute bars it gets over its one WDS socket. While the replay runs the widgets
 * must change; once it has finished every widget must show exactly what the MDC holds.
 */
@Tag("integration")
class WidgetsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "FDS", "GWW");
  private static final List<String> LISTS = List.of("gainers", "losers", "active", "unusual");

  private String prefix;

  @Test
  void widgetsShowLiveDataThatMatchesTheCache() throws Exception {
    int port = DataplaneFixture.freePort();
    try (DataplaneFixture fixture = new DataplaneFixture()) {
      prefix = fixture.cachePrefix;
      Map<String, String> o = fixture.overrides();
      o.put("camel.server.port", String.valueOf(port));
      o.put("camel.management.port", String.valueOf(port));
      o.put("marketwire.upstream.server.symbols", String.join(",", SYMBOLS));
      o.put("marketwire.upstream.server.from", "2024-03-04");
      o.put("marketwire.upstream.server.to", "2024-03-04");
      // the day's 390 minutes in about 26 s, once: then the cache holds still and the page must match it
      o.put("marketwire.upstream.server.speed", "900");
      o.put("marketwire.upstream.server.loop", "false");
      // the browser first: it takes many seconds to start on a busy machine, and the replay does not wait
      try (HeadlessChromium chromium = new HeadlessChromium("1600,1400");
          RunningApp app = RunningApp.start(Flows.routes("dataplane"), o);
          RedisClient redisClient = fixture.redis();
          StatefulRedisConnection<String, String> redis = redisClient.connect()) {
        UpstreamServer upstream = app.context().getRegistry().lookupByNameAndType("upstreamServer", UpstreamServer.class);
        String base = "http://127.0.0.1:" + port;
        // the app's scripts and the chart library are public (code, no data)
        assertThat(fixture.get(port, "/app/assets/vendor/chart.umd.js", null).statusCode()).isEqualTo(200);
        assertThat(fixture.get(port, "/app/assets/wds.js", null).statusCode()).isEqualTo(200);
        assertThat(fixture.get(port, "/app/assets/missing.js", null).statusCode()).isEqualTo(404);

        WebDriver browser = chromium.driver();
        try {
          browser.get(base + "/app");
          browser.findElement(By.name("username")).sendKeys("viewer");
          browser.findElement(By.name("password")).sendKeys("viewer-dev");
          browser.findElement(By.cssSelector("button[type=submit]")).click();
          await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("status")).getText().equals("live"));

          // while the replay runs, every widget fills from the WDS
          await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(rows(chromium, "#ticker tbody tr[data-q]", "sym")).containsAll(SYMBOLS);
            assertThat(rows(chromium, "#tape tbody tr", "sym")).isNotEmpty();
            assertThat(rows(chromium, "#scanner-gainers tbody tr", "sym")).isNotEmpty();
            assertThat(number(chromium, "return document.getElementById('bar-chart').dataset.bars")).isGreaterThan(1);
          });
          assertThat(upstream.finished()).as("still replaying: the widgets were filled by updates, not only snapshots").isFalse();
          // and keep changing: the first symbol's quote moves on
          String firstQuote = rows(chromium, "#ticker tbody tr[data-sym=AZO]", "q").get(0);
          await().atMost(Duration.ofSeconds(10))
              .until(() -> !rows(chromium, "#ticker tbody tr[data-sym=AZO]", "q").get(0).equals(firstQuote));

          // when the replay is over the cache holds still: every widget shows exactly what it holds
          await().atMost(Duration.ofSeconds(45)).until(upstream::finished);
          await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (String sym : SYMBOLS) {
              assertTickerMatches(chromium, cached(redis, "quotes:" + sym));
            }
            assertTapeMatches(chromium, redis);
            for (String list : LISTS) {
              assertScannerMatches(chromium, list, cached(redis, "scanner:" + list));
            }
            assertChartMatches(chromium, redis);
          });
          // the day ends with unusual volume (the closing minutes trade several times the average)
          assertThat(cached(redis, "scanner:unusual").path("items").size()).isPositive();

          // another symbol in the chart's picker: its bars replace the first one's
          String other = SYMBOLS.stream().filter(s -> !s.equals(chromium.js("return document.getElementById('bar-chart').dataset.symbol"))).findFirst().orElseThrow();
          new Select(browser.findElement(By.id("chart-symbol"))).selectByValue(other);
          await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(chromium.js("return document.getElementById('bar-chart').dataset.symbol")).isEqualTo(other);
            assertChartMatches(chromium, redis);
          });
          chromium.screenshot(Path.of("target", "widgets", "widgets.png"));
        } catch (AssertionError | RuntimeException e) {
          chromium.screenshot(Path.of("target", "widgets", "failure.png"));
          throw e;
        }
      }
    }
  }

  private JsonNode cached(StatefulRedisConnection<String, String> redis, String key) throws Exception {
    String value = redis.sync().get(prefix + key);
    assertThat(value).as("cached " + key).isNotNull();
    return JSON.readTree(value);
  }

  private static void assertTickerMatches(HeadlessChromium chromium, JsonNode quote) {
    String row = "#ticker tbody tr[data-sym=" + quote.path("sym").asText() + "]";
    assertThat(Double.parseDouble(rows(chromium, row, "bp").get(0))).isEqualTo(quote.path("bp").asDouble());
    assertThat(Double.parseDouble(rows(chromium, row, "ap").get(0))).isEqualTo(quote.path("ap").asDouble());
    assertThat(Double.parseDouble(rows(chromium, row, "spread").get(0))).isEqualTo(quote.path("spread").asDouble());
    assertThat(rows(chromium, row, "q").get(0)).isEqualTo(quote.path("q").asText());
  }

  /** The tape is newest first, and the newest trade of each symbol on it is the cached last trade. */
  private void assertTapeMatches(HeadlessChromium chromium, StatefulRedisConnection<String, String> redis) throws Exception {
    List<Long> times = rows(chromium, "#tape tbody tr", "t").stream().map(Long::parseLong).toList();
    assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    List<String> syms = rows(chromium, "#tape tbody tr", "sym");
    List<String> seqs = rows(chromium, "#tape tbody tr", "q");
    List<String> prices = rows(chromium, "#tape tbody tr", "p");
    assertThat(syms).isNotEmpty();
    for (String sym : SYMBOLS) {
      int first = syms.indexOf(sym);
      if (first >= 0) { // (the newest row is one of these)
        JsonNode trade = cached(redis, "trades:" + sym);
        assertThat(seqs.get(first)).as("newest %s trade on the tape", sym).isEqualTo(trade.path("q").asText());
        assertThat(Double.parseDouble(prices.get(first))).isEqualTo(trade.path("p").asDouble());
      }
    }
  }

  private static void assertScannerMatches(HeadlessChromium chromium, String list, JsonNode cached) {
    List<String> syms = new ArrayList<>();
    List<Double> last = new ArrayList<>();
    cached.path("items").forEach(i -> {
      syms.add(i.path("sym").asText());
      last.add(i.path("last").asDouble());
    });
    String table = "#scanner-" + list + " tbody tr";
    assertThat(rows(chromium, table, "sym")).as(list).isEqualTo(syms);
    assertThat(rows(chromium, table, "last").stream().map(Double::parseDouble).toList()).as(list).isEqualTo(last);
  }

  /** The chart has the symbol's whole cached history, its last bar the cached latest. */
  private void assertChartMatches(HeadlessChromium chromium, StatefulRedisConnection<String, String> redis)
      throws Exception {
    String sym = (String) chromium.js("return document.getElementById('bar-chart').dataset.symbol");
    JsonNode bar = cached(redis, "bars:" + sym);
    assertThat(number(chromium, "return document.getElementById('bar-chart').dataset.bars"))
        .isEqualTo(redis.sync().llen(prefix + "bars:" + sym + ":history"));
    assertThat(chromium.js("return document.getElementById('bar-chart').dataset.lastS")).isEqualTo(bar.path("s").asText());
    assertThat(Double.parseDouble((String) chromium.js("return document.getElementById('bar-chart').dataset.lastC")))
        .isEqualTo(bar.path("c").asDouble());
    assertThat(number(chromium, "return Chart.getChart('bar-chart').data.labels.length")).isGreaterThan(1);
  }

  /** One data-* attribute of every row the selector matches. */
  @SuppressWarnings("unchecked")
  private static List<String> rows(HeadlessChromium chromium, String selector, String attribute) {
    return (List<String>) chromium.js("return [...document.querySelectorAll(arguments[0])].map(e => e.dataset[arguments[1]])", selector, attribute);
  }

  private static long number(HeadlessChromium chromium, String script) {
    Object value = chromium.js(script);
    return value == null ? -1 : Long.parseLong(String.valueOf(value));
  }
}
