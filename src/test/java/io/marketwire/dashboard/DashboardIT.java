package io.marketwire.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketwire.app.Flows;
import io.marketwire.dataplane.DataplaneFixture;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.RunningApp;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real browser (Debian's chromium, driven by its chromedriver through
 * Selenium) against the real app: the replay of real minute bars into a stream of its own, the
 * market-data consumers and VWAP batcher, the SCP log-in and the dashboard feed. A wrong password
 * is refused; after log-in the panels fill from the WebSocket and keep changing; log-out closes
 * the feed. A screenshot of the filled dashboard is saved as target/dashboard/dashboard.png.
 */
@Tag("integration")
class DashboardIT {

  private static final Path SHOTS = Path.of("target", "dashboard");

  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String stream = "it-dash-" + id;
  private final String quotes = "it-dash-quotes-" + id;
  private final String alerts = "it-dash-alerts-" + id;
  private final DataplaneFixture dataplane = new DataplaneFixture();
  private BrokerAdmin admin;
  private Path profile;

  @BeforeEach
  void setUp() throws Exception {
    admin = new BrokerAdmin();
    profile = Files.createTempDirectory("dashboard-chromium-");
    Files.createDirectories(SHOTS);
  }

  @AfterEach
  void tearDown() throws Exception {
    admin.deleteStreams(stream, stream + "-errors", stream + "-vwap");
    admin.deleteRedisKeys("marketwire:vwap:" + stream + ":state", quotes, alerts);
    admin.close();
    dataplane.close();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  @Test
  void logInSeeLivePanelsLogOutAndAWrongPasswordIsRefused() throws Exception {
    int port = freePort();
    Map<String, String> o = new HashMap<>();
    o.put("camel.server.port", String.valueOf(port));
    o.put("camel.management.port", String.valueOf(port));
    o.put("marketwire.market-data.stream", stream);
    o.put("marketwire.market-data.errors-stream", stream + "-errors");
    o.put("marketwire.vwap.stream", stream + "-vwap");
    o.put("marketwire.vwap.consumer-name", stream);
    o.put("marketwire.producer.source", "replay");
    o.put("marketwire.replay.from", "2024-03-01");
    o.put("marketwire.replay.to", "2024-03-01");
    // a trading day (about 3,800 ticks) in about 80 s: still moving when the screenshot is taken
    o.put("marketwire.replay.speed", "300");
    o.put("marketwire.lag.interval", "1s");
    // the Redis panel reads the quotes flows' streams directly: give it streams of its own
    o.put("marketwire.quotes.stream", quotes);
    o.put("marketwire.quotes.alerts-stream", alerts);
    seedQuotes();
    // the data plane too: the local upstream server replays two symbols into the listener, the
    // processors write the cache (queues, exchange and cache keys of the fixture's own)
    o.putAll(dataplane.overrides());
    o.put("marketwire.upstream.server.symbols", "AZO,BKNG");
    o.put("marketwire.upstream.server.from", "2024-03-01");
    o.put("marketwire.upstream.server.to", "2024-03-01");
    o.put("marketwire.upstream.server.speed", "300");
    String routes = Flows.routes("dashboard", "dataplane/mdl", "dataplane/mdp");
    try (RunningApp app = RunningApp.start(routes, o)) {
      DashboardFeed feed = app.context().getRegistry().lookupByNameAndType("dashboardFeed", DashboardFeed.class);
      String base = "http://127.0.0.1:" + port;

      // the feed itself refuses a WebSocket without a valid token
      for (String query : new String[] {"", "?token=not-a-token"}) {
        assertThatThrownBy(
                () -> HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/dashboard" + query), new WebSocket.Listener() {})
                    .join())
            .isInstanceOf(CompletionException.class)
            .cause()
            .isInstanceOf(WebSocketHandshakeException.class)
            .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
      }

      WebDriver browser = chromium();
      try {
        browser.get(base + "/dashboard/");
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();

        // a wrong password is refused and the dashboard stays hidden
        logIn(browser, "viewer", "wrong-password");
        await().atMost(Duration.ofSeconds(10))
            .until(() -> browser.findElement(By.id("login-error")).getText().contains("Wrong"));
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
        assertThat(feed.sessions()).isZero();

        // the right one opens the live feed
        logIn(browser, "viewer", "viewer-dev");
        await().atMost(Duration.ofSeconds(15)).until(() -> browser.findElement(By.id("status")).getText().equals("live"));
        assertThat(feed.sessions()).isEqualTo(1);
        assertThat(browser.findElement(By.id("whoami")).getText()).isEqualTo("viewer (viewer)");

        // panels fill with data from the replay
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          assertThat(number(browser, "total-produced")).isPositive();
          assertThat(number(browser, "total-in-stream")).isPositive();
          assertThat(number(browser, "total-consumed")).isPositive();
          // read in one script: the rows are rebuilt on every push
          assertThat(texts(browser, "#consumer-table tbody tr"))
              .anySatisfy(t -> assertThat(t).startsWith("archive"))
              .anySatisfy(t -> assertThat(t).startsWith("filtered"))
              .anySatisfy(t -> assertThat(t).startsWith("tape"));
          assertThat(js(browser, "return Chart.getChart('ticks-chart').data.labels.length")).isGreaterThanOrEqualTo(2L);
          assertThat(js(browser, "return document.querySelectorAll('#trend-charts canvas').length")).isGreaterThanOrEqualTo(2L);
          assertThat(js(browser, "return Chart.getChart('throughput-chart').data.datasets.length")).isGreaterThanOrEqualTo(3L);
          assertThat(texts(browser, "#dataplane dd")).first().isEqualTo("STREAMING");
          assertThat(texts(browser, "#mdq-queues tbody tr")).anySatisfy(t -> assertThat(t).startsWith(dataplane.queuePrefix + "trades\t"));
          assertThat(texts(browser, "#scanner li")).anySatisfy(t -> assertThat(t).startsWith("AZO"));
          assertThat(texts(browser, "#streams-table tbody tr")).anySatisfy(t -> assertThat(t).startsWith(stream + "\t"));
          assertThat(texts(browser, "#vwap-table tbody tr")).anySatisfy(t -> assertThat(t).startsWith("AZO\t"));
          assertThat(texts(browser, "#routes-table tbody tr")).anySatisfy(t -> assertThat(t).startsWith("market-data-producer"));
          assertThat(texts(browser, "#redis-quotes tbody tr")).anySatisfy(t -> assertThat(t).startsWith("AZO\t612.5"));
          assertThat(texts(browser, "#redis-alerts li")).containsExactly("AZO up 2.1% to 612.5");
          assertThat(texts(browser, "#redis-groups tbody tr")).containsExactly("price_alerts\t1\t0");
        });

        // and keep changing: pushed about once a second, the counts grow over a few seconds
        long seqBefore = number(browser, "snapshot-seq");
        long consumedBefore = number(browser, "total-consumed");
        long producedBefore = number(browser, "total-produced");
        long listenerBefore = listenerReceived(browser);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          assertThat(number(browser, "snapshot-seq")).isGreaterThanOrEqualTo(seqBefore + 3);
          assertThat(number(browser, "total-consumed")).isGreaterThan(consumedBefore);
          assertThat(number(browser, "total-produced")).isGreaterThan(producedBefore);
          assertThat(listenerReceived(browser)).isGreaterThan(listenerBefore);
        });
        // let the trend charts gather a few points, then keep a picture of it
        await().atMost(Duration.ofSeconds(10))
            .until(() -> js(browser, "return Chart.getChart(document.querySelector('#trend-charts canvas')).data.datasets[0].data.length") >= 3);
        screenshot(browser, "dashboard.png");

        // log-out: back to the log-in form, the feed closed
        browser.findElement(By.id("logout")).click();
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("status")).getText()).isEqualTo("signed out");
        await().atMost(Duration.ofSeconds(5)).until(() -> feed.sessions() == 0);
        // a reload stays logged out (the token is gone from the page's session storage)
        browser.navigate().refresh();
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
      } catch (AssertionError | RuntimeException e) {
        screenshot(browser, "failure.png");
        throw e;
      } finally {
        browser.quit();
      }
    }
  }

  /** One quote, one alert and a consumer group with one entry pending, as the quotes flows leave them. */
  private void seedQuotes() {
    try (var client = io.lettuce.core.RedisClient.create(redisUri()); var c = client.connect()) {
      var r = c.sync();
      r.xadd(quotes, Map.of("symbol", "AZO", "price", "612.5", "change_percent", "2.1", "volume", "1200"));
      r.xgroupCreate(io.lettuce.core.XReadArgs.StreamOffset.from(quotes, "0"), "price_alerts");
      r.xreadgroup(io.lettuce.core.Consumer.from("price_alerts", "it"), io.lettuce.core.XReadArgs.StreamOffset.lastConsumed(quotes));
      r.xadd(alerts, Map.of("kind", "price", "symbol", "AZO", "message", "AZO up 2.1% to 612.5"));
    }
  }

  private static io.lettuce.core.RedisURI redisUri() {
    return io.marketwire.testsupport.BrokerServices.get().settings().redisURI();
  }

  private WebDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,2200", "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static void logIn(WebDriver browser, String user, String password) {
    browser.findElement(By.id("username")).clear();
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).clear();
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.id("login-button")).click();
  }

  /** The first whole number in an element's text, without thousands separators; -1 when none. */
  private static long number(WebDriver browser, String id) {
    Object value = ((JavascriptExecutor) browser).executeScript("return document.getElementById(arguments[0]).innerText", id);
    String text = String.valueOf(value).replace(",", "");
    var m = java.util.regex.Pattern.compile("\\d+").matcher(text);
    return m.find() ? Long.parseLong(m.group()) : -1;
  }

  private static long js(WebDriver browser, String script) {
    Object value = ((JavascriptExecutor) browser).executeScript(script);
    return value instanceof Number n ? n.longValue() : -1;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The data plane panel's "received / published": the received part. */
  private static long listenerReceived(WebDriver browser) {
    String text = texts(browser, "#dataplane dd").get(2).split("/")[0].replace(",", "").trim();
    return text.matches("\\d+") ? Long.parseLong(text) : -1;
  }

  @SuppressWarnings("unchecked")
  private static java.util.List<String> texts(WebDriver browser, String selector) {
    return (java.util.List<String>)
        ((JavascriptExecutor) browser)
            .executeScript("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText)", selector);
  }

  private static void screenshot(WebDriver browser, String name) throws Exception {
    File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
