package io.marketwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.cli.MarketwireApp;
import io.marketwire.dataplane.DataplaneFixture;
import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.ChildJvm;
import io.marketwire.testsupport.RunningApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

/**
 * {@code ./marketwire run}: without a flow the whole system starts, serves its dashboard and names
 * every route; with a flow, only that folder's routes run, with the {@code --set} settings.
 */
class FlowsIT {

  private static final String ID = UUID.randomUUID().toString().substring(0, 8);

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void oneFlowRunsAloneWithTheSettingsGivenOnTheCommandLine() throws Exception {
    String stream = "flows-it-md-" + ID;
    String errors = "flows-it-errors-" + ID;
    int port = DataplaneFixture.freePort();
    Path log = Path.of("target", "child-jvm", "FlowsIT-" + ID + "-producer.log");
    try (BrokerAdmin admin = new BrokerAdmin();
        ChildJvm app =
            ChildJvm.start(
                log, Map.of(), MarketwireApp.class.getName(),
                "run", "market-data/producer", "--profile", "test",
                "--set", "camel.server.port=" + port,
                "--set", "camel.management.port=" + port,
                "--set", "marketwire.market-data.stream=" + stream,
                "--set", "marketwire.market-data.errors-stream=" + errors,
                "--set", "marketwire.producer.source=replay",
                "--set", "marketwire.replay.symbols=AZO,LII",
                "--set", "marketwire.replay.from=2024-03-05",
                "--set", "marketwire.replay.to=2024-03-05",
                "--set", "marketwire.replay.speed=max")) {
      try {
        await().atMost(Duration.ofMinutes(2)).ignoreExceptions().untilAsserted(() -> {
          app.assertAlive();
          assertThat(admin.messageCount(stream)).isGreaterThan(100);
        });
        MarketDataCodec codec = new MarketDataCodec();
        assertThat(admin.bodies(stream)).map(codec::decode).map(MarketData::symbol).containsOnly("AZO", "LII");

        // the flow's folder and its family's common routes, nothing else (health has a check per route)
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
            assertThat(get(port, "/observe/health")).contains("market-data-producer", "market-data-errors", "market-data-decode"));
        assertThat(get(port, "/observe/health")).doesNotContain("market-data-vwap", "orders-worker");
      } finally {
        admin.deleteStreams(stream, errors);
      }
    }
  }

  @Test
  void theWholeSystemStartsWithItsDashboardAndEveryRouteHasAnIdOfItsOwn() throws Exception {
    int port = DataplaneFixture.freePort();
    try (RunningApp app =
        RunningApp.startWithoutWaitingForRoutes(
            null,
            Map.of(
                "camel.server.port", Integer.toString(port),
                "camel.management.port", Integer.toString(port),
                "marketwire.upstream.server.enabled", "true",
                "marketwire.upstream.server.port", Integer.toString(DataplaneFixture.freePort())))) {
      app.awaitRoutesStarted(Duration.ofMinutes(3));
      // served because the feed route names the dashboard's WebSocket as its route policy
      await().atMost(Duration.ofSeconds(30)).until(() -> status(port, "/dashboard/") == 200);
      // started because the listener route names the local upstream server as its route policy
      assertThat(app.context().getRegistry().lookupByName("upstreamServer")).as("the local upstream server").isNotNull();

      List<String> ids = app.context().getRoutes().stream().map(Route::getRouteId).toList();
      assertThat(ids).as("routes of every family").contains("market-data-vwap", "orders-worker", "mdp-trades", "quotes-api-latest", "dashboard-feed");
      Pattern generated = generatedRouteIds();
      assertThat(ids).as("route ids Camel made up (give the route, templated route or kamelet endpoint an id)")
          .noneMatch(id -> generated.matcher(id).matches());
    }
  }

  /** {@code route7}, or a kamelet's route without an id of its own: {@code market-data-source-3}. */
  private static Pattern generatedRouteIds() throws Exception {
    List<String> kamelets = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("kamelets"))) {
      files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".kamelet.yaml"))
          .forEach(n -> kamelets.add(Pattern.quote(n.substring(0, n.length() - ".kamelet.yaml".length()))));
    }
    return Pattern.compile("route\\d+|(" + String.join("|", kamelets) + ")-\\d+");
  }

  private int status(int port, String path) {
    try {
      return http.send(request(port, path), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1; // not listening yet
    }
  }

  private String get(int port, String path) throws Exception {
    return http.send(request(port, path), HttpResponse.BodyHandlers.ofString()).body();
  }

  private static HttpRequest request(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build();
  }
}
