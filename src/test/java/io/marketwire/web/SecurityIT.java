package io.marketwire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.config.BrokerSettings;
import io.marketwire.config.LayeredProperties;
import io.marketwire.dataplane.DataplaneFixture;
import io.marketwire.testsupport.LogCapture;
import io.marketwire.testsupport.RunningApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.apache.camel.Route;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/**
 * The app with every flow that listens (quotes API and push, SCP, WDS, dashboard, and the data
 * plane's listener with the local upstream stand-in, as in dev) on a short token lifetime: every
 * TCP port its JVM listens on refuses a request without credentials (HTTP 401, WebSocket upgrade
 * refused; the upstream stand-in speaks the Massive protocol, which authenticates in-band: nothing
 * but an error before the API key) while the same request with credentials is served; a WebSocket is closed
 * with 4401 when its token expires; repeated failed log-ins are answered 429; and after all that no
 * configured secret is in the log or in /observe/metrics or /observe/health.
 */
class SecurityIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ROUTES =
      "file:routes/quotes/api/api.camel.yaml,file:routes/dataplane/scp/scp.camel.yaml,file:routes/dataplane/wds/wds.camel.yaml,"
          + "file:routes/dataplane/mdl/mdl.camel.yaml,file:routes/dashboard/feed/*.camel.yaml,file:routes/system/heartbeat/*.camel.yaml";
  private static final int TOKEN_TTL_SECONDS = 4;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String id = "it-sec-" + UUID.randomUUID().toString().substring(0, 8);
  private final DataplaneFixture dataplane = new DataplaneFixture();
  private int port;

  @Test
  void noUnauthenticatedSocketTokensExpireLogInsAreThrottledAndNoSecretLeaks() throws Exception {
    port = DataplaneFixture.freePort();
    Map<String, String> o = new LinkedHashMap<>();
    o.put("camel.server.port", Integer.toString(port));
    o.put("camel.management.port", Integer.toString(port));
    o.put("marketwire.auth.token-ttl", TOKEN_TTL_SECONDS + "s");
    o.put("marketwire.quotes.stream", id + ":stock_quotes");
    o.put("marketwire.quotes.alerts-stream", id + ":stock_alerts");
    o.put("marketwire.quotes.db.url", "jdbc:sqlite:target/it-security/" + id + ".db");
    o.putAll(dataplane.overrides());
    o.put("marketwire.upstream.server.symbols", "AZO");
    Files.createDirectories(Path.of("target", "it-security"));
    String metrics;
    String health;
    try (dataplane;
        LogCapture log = LogCapture.everything(Level.INFO);
        RunningApp app = RunningApp.start(ROUTES, o)) {
      TreeSet<Integer> listening = listeningPorts();
      assertThat(listening).as("the app's one port and the upstream stand-in, no helper port").containsExactlyInAnyOrder(port, dataplane.upstreamPort);
      for (int p : listening) {
        if (p == dataplane.upstreamPort) {
          assertUpstreamRefusesWithoutTheKey(app);
        } else {
          assertRefusesWithoutCredentials(app, p);
        }
      }

      // positive controls: the same requests with a token (or a user's password) are served
      String token = login("viewer", "viewer-dev");
      assertThat(get("/api/alerts", "Bearer " + token).statusCode()).isEqualTo(200);
      assertThat(get("/api/control/routes", "Bearer " + login("ops", "ops-dev")).statusCode()).isEqualTo(200);
      assertThat(get("/dashboard/", null).statusCode()).isEqualTo(200);
      HttpResponse<String> scraped = get("/observe/metrics", basic("viewer", "viewer-dev"));
      assertThat(scraped.statusCode()).isEqualTo(200);
      metrics = scraped.body();
      assertThat(metrics).contains("# TYPE");
      for (String ws : webSocketPaths(app)) {
        DataplaneFixture.Client client = DataplaneFixture.Client.connect(http, "ws://127.0.0.1:" + port + ws + "?token=" + login("viewer", "viewer-dev"));
        await().atMost(Duration.ofSeconds(5)).until(() -> client.messages.stream().anyMatch(m -> m.contains("\"type\":\"welcome\"")));
        // the session ends with its token: closed with 4401 at expiry, though nothing was sent
        await().atMost(Duration.ofSeconds(TOKEN_TTL_SECONDS + 3)).until(() -> client.closeCode == TokenWebSocketHub.TOKEN_EXPIRED);
      }
      // every socket is the one hub, which reports its sessions and frames under its path
      String socketMetrics = get("/observe/metrics", basic("viewer", "viewer-dev")).body();
      for (String ws : webSocketPaths(app)) {
        for (String meter : new String[] {"marketwire_websocket_sessions", "marketwire_websocket_delivered_total", "marketwire_websocket_dropped_slow_client_total"}) {
          assertThat(socketMetrics).as(meter + " of " + ws).containsPattern(meter + "\\{[^}]*path=\"" + java.util.regex.Pattern.quote(ws) + "\"");
        }
      }
      // an expired token opens nothing any more
      await().atMost(Duration.ofSeconds(TOKEN_TTL_SECONDS + 2)).until(() -> get("/api/alerts", "Bearer " + token).statusCode() == 401);

      HttpResponse<String> probe = get("/observe/health", null);
      health = probe.body();
      assertThat(probe.statusCode()).isIn(200, 503);
      assertThat(health).contains("\"name\":\"redis\"").doesNotContain("error-stacktrace");
      // more than a probe needs takes a token
      for (String query : new String[] {"?stackTrace=true", "?exposureLevel=full&data=true"}) {
        assertThat(get("/observe/health" + query, null).statusCode()).as("health" + query).isEqualTo(401);
        assertThat(get("/observe/health" + query, "Bearer " + login("viewer", "viewer-dev")).statusCode()).isIn(200, 503);
      }

      // password guessing: after the free failures, even the right password is refused for a while
      int free = Integer.parseInt(app.context().resolvePropertyPlaceholders("{{marketwire.auth.login.free-failures}}"));
      for (int i = 0; i <= free; i++) {
        assertThat(postLogin("ops", "guess-" + i).statusCode()).isEqualTo(401);
      }
      HttpResponse<String> throttled = postLogin("ops", "ops-dev");
      assertThat(throttled.statusCode()).isEqualTo(429);
      assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(250)).until(() -> postLogin("ops", "ops-dev").statusCode() == 200);

      List<String> lines = log.lines();
      assertThat(lines).as("the run logged").isNotEmpty();
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("Failed log-in for user ops"));
      for (Map.Entry<String, String> secret : secrets().entrySet()) {
        assertThat(lines).as("log lines holding " + secret.getKey()).noneSatisfy(l -> assertThat(l).contains(secret.getValue()));
        assertThat(metrics).as("/observe/metrics holding " + secret.getKey()).doesNotContain(secret.getValue());
        assertThat(health).as("/observe/health holding " + secret.getKey()).doesNotContain(secret.getValue());
      }
    } finally {
      Files.deleteIfExists(Path.of("target", "it-security", id + ".db"));
    }
  }

  /** Every request without credentials to anything on {@code p} is refused; only the public paths answer. */
  private void assertRefusesWithoutCredentials(RunningApp app, int p) throws Exception {
    assertThat(p).as("an HTTP port of the app").isEqualTo(port);
    List<String> paths = new ArrayList<>(restPaths(app));
    paths.addAll(List.of("/observe/metrics", "/observe/info", "/q/dev", "/q/send", "/no/such/path", "/api/control/routes"));
    AccessGuard guard = app.context().getRegistry().findSingleByType(AccessGuard.class);
    for (String path : paths) {
      if (guard != null && guard.isPublic(path)) {
        continue;
      }
      for (String authorization : new String[] {null, "Bearer not-a-token"}) {
        HttpResponse<String> response = get(path, authorization);
        assertThat(response.statusCode()).as("GET " + path + " with " + authorization).isEqualTo(401);
      }
    }
    // a wrong password is no way in either (once: each failure counts towards the lock-out)
    assertThat(get("/observe/metrics", basic("viewer", "wrong")).statusCode()).isEqualTo(401);
    for (String ws : webSocketPaths(app)) {
      for (String query : new String[] {"", "?token=not-a-token"}) {
        assertThat(upgradeStatus(ws + query)).as("WebSocket " + ws + query).isEqualTo(401);
      }
    }
    // the public ones: the log-in refuses missing and wrong credentials
    assertThat(postLogin(null, null).statusCode()).isEqualTo(401);
    assertThat(postLogin("viewer", "wrong").statusCode()).isEqualTo(401);
  }

  /**
   * The upstream stand-in takes the upgrade (the Massive protocol authenticates in-band) but sends
   * nothing but errors before a valid API key: a subscription is refused, a wrong key closes the
   * socket with 1008; with the key it authenticates.
   */
  private void assertUpstreamRefusesWithoutTheKey(RunningApp app) {
    String url = "ws://127.0.0.1:" + dataplane.upstreamPort + app.context().resolvePropertyPlaceholders("{{marketwire.upstream.server.path}}");
    try (DataplaneFixture.Client anonymous = DataplaneFixture.Client.connect(http, url)) {
      anonymous.send("{\"action\":\"subscribe\",\"params\":\"T.*,Q.*\"}");
      await().atMost(Duration.ofSeconds(5)).until(() -> anonymous.messages.stream().anyMatch(m -> m.contains("not authenticated")));
      anonymous.send("{\"action\":\"auth\",\"params\":\"wrong-key\"}");
      await().atMost(Duration.ofSeconds(5)).until(() -> anonymous.closeCode == 1008);
      assertThat(anonymous.messages).as("what an unauthenticated client got").allSatisfy(m -> assertThat(m).contains("\"ev\":\"status\""));
    }
    try (DataplaneFixture.Client client = DataplaneFixture.Client.connect(http, url)) {
      client.send("{\"action\":\"auth\",\"params\":\"" + app.context().resolvePropertyPlaceholders("{{marketwire.upstream.api-key}}") + "\"}");
      await().atMost(Duration.ofSeconds(5)).until(() -> client.messages.stream().anyMatch(m -> m.contains("auth_success")));
    }
  }

  /** The path of every platform-http route, with a sample value for each path parameter. */
  private static List<String> restPaths(RunningApp app) {
    List<String> paths = new ArrayList<>();
    for (Route route : app.context().getRoutes()) {
      String uri = route.getEndpoint().getEndpointUri();
      if (uri.startsWith("platform-http://")) {
        String path = URI.create(uri.replace("%7B", "{").replace("%7D", "}").replaceAll("\\{[^}]*}", "X")).getPath();
        paths.add(path.startsWith("//") ? path.substring(1) : path);
      }
    }
    assertThat(paths).as("platform-http routes").isNotEmpty();
    return paths;
  }

  private static List<String> webSocketPaths(RunningApp app) {
    return List.of(
        app.context().resolvePropertyPlaceholders("{{marketwire.quotes.ws-path}}"),
        app.context().resolvePropertyPlaceholders("{{marketwire.quotes.alerts-ws-path}}"),
        app.context().resolvePropertyPlaceholders("{{marketwire.dashboard.ws-path}}"),
        app.context().resolvePropertyPlaceholders("{{marketwire.dataplane.wds.path}}"));
  }

  /** The status the server answered an upgrade with (101 when it upgraded). */
  private int upgradeStatus(String pathAndQuery) {
    try {
      http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + pathAndQuery), new java.net.http.WebSocket.Listener() {}).join().abort();
      return 101;
    } catch (CompletionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException handshake) {
        return handshake.getResponse().statusCode();
      }
      throw e;
    }
  }

  /**
   * The TCP ports this JVM (the test and the app in it) listens on: the LISTEN sockets of
   * /proc/self/net/tcp and tcp6 whose inode is one of this process's open file descriptors.
   */
  static TreeSet<Integer> listeningPorts() throws IOException {
    java.util.Set<String> inodes = new java.util.HashSet<>();
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor closed while listing
        }
      }
    }
    TreeSet<Integer> ports = new TreeSet<>();
    for (String table : new String[] {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
      List<String> rows = Files.readAllLines(Path.of(table));
      for (String row : rows.subList(1, rows.size())) {
        String[] f = row.trim().split("\\s+");
        // f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
        if (f[3].equals("0A") && inodes.contains(f[9])) {
          ports.add(Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16));
        }
      }
    }
    return ports;
  }

  /** Each configured secret by the setting that holds it, read from the same config/ as the app. */
  private static Map<String, String> secrets() {
    LayeredProperties config = LayeredProperties.load(Path.of("config"));
    BrokerSettings brokers = BrokerSettings.from(config);
    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("marketwire.rabbitmq.password", brokers.rabbitPassword());
    secrets.put("marketwire.redis.password", brokers.redisPassword());
    secrets.put("marketwire.auth.secret", config.require("marketwire.auth.secret"));
    secrets.put("marketwire.upstream.api-key", config.require("marketwire.upstream.api-key"));
    // the dev users' passwords (config holds only their hashes; the test logged in with them)
    secrets.put("viewer's password", "viewer-dev");
    secrets.put("ops's password", "ops-dev");
    secrets.values().forEach(v -> assertThat(v).as("a secret to look for").hasSizeGreaterThan(5));
    return secrets;
  }

  private String login(String user, String password) throws Exception {
    HttpResponse<String> response = postLogin(user, password);
    assertThat(response.statusCode()).as("log-in of " + user).isEqualTo(200);
    return JSON.readTree(response.body()).path("token").asText();
  }

  private HttpResponse<String> postLogin(String user, String password) throws Exception {
    String body = user == null ? "{}" : JSON.createObjectNode().put("username", user).put("password", password).toString();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/login"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
