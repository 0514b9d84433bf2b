package io.marketwire.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.app.Flows;
import io.marketwire.dataplane.DataplaneFixture.Client;
import io.marketwire.dataplane.listener.MassiveConsumer;
import io.marketwire.testsupport.LogCapture;
import io.marketwire.testsupport.RunningApp;
import io.marketwire.dataplane.scp.ControlPlane;
import io.marketwire.web.Role;
import io.marketwire.web.TokenService;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole data plane in one app against the real brokers: the local upstream server replays AZO
 * and BKNG for one day at 600x, the listener publishes to the MDQ, the processors fill the MDC and
 * WebSocket clients read it through the WDS; the SCP guards the control API.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DataPlaneIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataplaneFixture fixture = new DataplaneFixture();
  private RunningApp app;
  private int port;

  @BeforeAll
  void start() {
    Map<String, String> overrides = fixture.overrides();
    overrides.put("marketwire.upstream.server.symbols", "AZO,BKNG");
    overrides.put("marketwire.upstream.server.from", "2024-03-04");
    overrides.put("marketwire.upstream.server.to", "2024-03-04");
    overrides.put("marketwire.upstream.server.speed", "600");
    app = RunningApp.start(Flows.routes("dataplane"), overrides);
    port = Integer.parseInt(app.context().resolvePropertyPlaceholders("{{camel.server.port}}"));
  }

  @AfterAll
  void stop() throws Exception {
    if (app != null) {
      app.close();
    }
    fixture.close();
  }

  private String wsUrl(String token) {
    return "ws://127.0.0.1:" + port + "/ws/data" + (token == null ? "" : "?token=" + token);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }

  private static List<JsonNode> forChannel(Client client, String channel) {
    List<JsonNode> out = new ArrayList<>();
    for (String m : client.messages) {
      JsonNode node = json(m);
      if (channel.equals(node.path("channel").asText())) {
        out.add(node);
      }
    }
    return out;
  }

  @Test
  void endToEndFromUpstreamServerToWebSocketClientSnapshotThenUpdatesInOrder() throws Exception {
    String token = fixture.login(port, "viewer", "viewer-dev");
    // the first client starts while data flows; the second joins later, when the cache has a value
    try (Client first = Client.connect(fixture.http, wsUrl(token))) {
      first.send("{\"action\":\"subscribe\",\"channels\":[\"quotes:AZO\",\"trades:BKNG\"]}");
      await().atMost(Duration.ofSeconds(30)).until(() -> forChannel(first, "quotes:AZO").size() > 20);
      assertThat(json(first.messages.get(0)).path("type").asText()).isEqualTo("welcome");
      assertSnapshotThenIncreasing(forChannel(first, "quotes:AZO"), "q");
      await().atMost(Duration.ofSeconds(10)).until(() -> forChannel(first, "trades:BKNG").size() > 5);
      List<JsonNode> trades = forChannel(first, "trades:BKNG");
      assertSnapshotThenIncreasing(trades, "q");
      JsonNode trade = trades.get(trades.size() - 1).path("data");
      assertThat(trade.path("volume").asLong()).isPositive();
      assertThat(trade.path("vwap").asDouble()).isPositive();

      try (Client second = Client.connect(fixture.http, wsUrl(token))) {
        second.send("{\"action\":\"subscribe\",\"channel\":\"quotes:AZO\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> forChannel(second, "quotes:AZO").size() > 10);
        List<JsonNode> messages = forChannel(second, "quotes:AZO");
        assertThat(messages.get(0).path("data").isNull()).as("snapshot from the cache").isFalse();
        assertSnapshotThenIncreasing(messages, "q");
      }
    }
  }

  /** The first message is the snapshot; updates follow, each newer than the one before. */
  private static void assertSnapshotThenIncreasing(List<JsonNode> messages, String field) {
    assertThat(messages.get(0).path("type").asText()).isEqualTo("snapshot");
    long previous = messages.get(0).path("data").path(field).asLong(-1);
    for (JsonNode update : messages.subList(1, messages.size())) {
      assertThat(update.path("type").asText()).isEqualTo("update");
      long current = update.path("data").path(field).asLong();
      assertThat(current)
          .as("updates in order, none older than the snapshot: %s", messages.stream().map(m -> m.path("type").asText().charAt(0) + ":" + m.path("data").path(field).asText()).toList())
          .isGreaterThan(previous);
      previous = current;
    }
  }

  @Test
  void scannerAndBarsReachSubscribers() throws Exception {
    String token = fixture.login(port, "viewer", "viewer-dev");
    try (Client client = Client.connect(fixture.http, wsUrl(token))) {
      client.send("{\"action\":\"subscribe\",\"channels\":[\"scanner:gainers\",\"bars:AZO\"]}");
      await().atMost(Duration.ofSeconds(30)).until(() -> forChannel(client, "bars:AZO").size() > 2);
      await().atMost(Duration.ofSeconds(30)).until(() -> forChannel(client, "scanner:gainers").stream()
          .anyMatch(m -> m.path("data").path("items").size() == 2));
      assertThat(forChannel(client, "bars:AZO").get(0).path("data").isArray()).as("bars snapshot is the history").isTrue();
    }
  }

  @Test
  void badMessageGetsAnErrorFrameAndTheConnectionStays() throws Exception {
    String token = fixture.login(port, "viewer", "viewer-dev");
    try (Client client = Client.connect(fixture.http, wsUrl(token))) {
      client.send("not json");
      client.send("{\"action\":\"subscribe\",\"channel\":\"nonsense\"}");
      client.send("{\"action\":\"dance\"}");
      await().atMost(Duration.ofSeconds(5))
          .until(() -> client.messages.stream().filter(m -> json(m).path("type").asText().equals("error")).count() == 3);
      client.send("{\"action\":\"subscribe\",\"channel\":\"quotes:BKNG\"}");
      await().atMost(Duration.ofSeconds(10)).until(() -> forChannel(client, "quotes:BKNG").size() > 1);
      assertThat(client.closeCode).isEqualTo(-1);
    }
  }

  @Test
  void webSocketRefusesMissingInvalidAndExpiredTokens() {
    TokenService pastTokens =
        new TokenService(
            app.context().resolvePropertyPlaceholders("{{marketwire.auth.secret}}"),
            Duration.ofSeconds(60),
            Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
    String expired = pastTokens.issue("viewer", Role.VIEWER);
    for (String token : new String[] {null, "garbage", expired}) {
      assertThatThrownBy(() -> Client.connect(fixture.http, wsUrl(token)))
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOf(WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }
  }

  @Test
  void controlApiNeedsAnOperator() throws Exception {
    String viewer = fixture.login(port, "viewer", "viewer-dev");
    String expired =
        new TokenService(
                app.context().resolvePropertyPlaceholders("{{marketwire.auth.secret}}"),
                Duration.ofSeconds(60),
                Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC))
            .issue("ops", Role.OPERATOR);
    assertThat(fixture.get(port, "/api/control/routes", null).statusCode()).isEqualTo(401);
    assertThat(fixture.get(port, "/api/control/routes", expired).statusCode()).isEqualTo(401);
    assertThat(fixture.get(port, "/api/control/routes", viewer).statusCode()).isEqualTo(403);
    assertThat(fixture.post(port, "/api/control/routes/mdp-scanner/stop", viewer, "").statusCode()).isEqualTo(403);
    assertThat(fixture.post(port, "/api/auth/login", null, "{\"username\":\"ops\",\"password\":\"wrong\"}").statusCode())
        .isEqualTo(401);
  }

  @Test
  void singlePageAppGetsTheTokenAndWdsUrlInjectedAfterLogIn() throws Exception {
    assertThat(fixture.get(port, "/app", null).body()).contains("<form method=\"post\" action=\"/app\">");
    HttpResponse<String> app = form("ops", "ops-dev");
    assertThat(app.statusCode()).isEqualTo(200);
    assertThat(app.body()).contains("window.MARKETWIRE = {\"token\":\"").contains("\"wdsUrl\":\"ws://127.0.0.1:" + port + "/ws/data\"");
    assertThat(app.headers().firstValue("password")).isEmpty();
    HttpResponse<String> refused = form("ops", "wrong");
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.body()).contains("wrong password").doesNotContain("window.MARKETWIRE = {");
  }

  private HttpResponse<String> form(String user, String password) throws Exception {
    return fixture.http.send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/app"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void operatorListsControlsAndIsLogged() throws Exception {
    String ops = fixture.login(port, "ops", "ops-dev");
    HttpResponse<String> routes = fixture.get(port, "/api/control/routes", ops);
    assertThat(routes.statusCode()).isEqualTo(200);
    assertThat(routes.body()).contains("\"id\":\"mdl-listener\"").contains("\"state\":\"Started\"").contains("exchangesTotal");
    assertThat(routes.body()).doesNotContain(app.context().resolvePropertyPlaceholders("{{marketwire.upstream.api-key}}"));

    try (LogCapture log = LogCapture.of(ControlPlane.class)) {
      HttpResponse<String> suspended = fixture.post(port, "/api/control/routes/mdp-aggregates/suspend", ops, "");
      assertThat(suspended.statusCode()).isEqualTo(200);
      assertThat(app.context().getRouteController().getRouteStatus("mdp-aggregates")).isEqualTo(ServiceStatus.Suspended);
      assertThat(fixture.post(port, "/api/control/routes/mdp-aggregates/resume", ops, "").statusCode()).isEqualTo(200);
      assertThat(app.context().getRouteController().getRouteStatus("mdp-aggregates")).isEqualTo(ServiceStatus.Started);
      assertThat(log.contains("user ops", "suspend", "mdp-aggregates")).isTrue();
      assertThat(log.contains("user ops", "resume", "mdp-aggregates")).isTrue();

      HttpResponse<String> subscription =
          fixture.post(port, "/api/control/upstream/subscription", ops, "{\"params\":\"T.*,Q.*,A.*,AM.*\"}");
      assertThat(subscription.statusCode()).isEqualTo(200);
      assertThat(log.contains("user ops", "subscription")).isTrue();
    }
    assertThat(fixture.post(port, "/api/control/routes/nope/stop", ops, "").statusCode()).isEqualTo(400);

    HttpResponse<String> health = fixture.get(port, "/api/control/health", ops);
    assertThat(health.statusCode()).isEqualTo(200);
    JsonNode listener = json(health.body()).path("listener");
    assertThat(listener.path("state").asText()).isEqualTo("STREAMING");
    assertThat(listener.path("received").asLong()).isPositive();
    assertThat(MassiveConsumer.find(app.context())).isPresent();
  }
}
