package io.marketwire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketwire.dataplane.DataplaneFixture.Client;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every WebSocket of the app (dashboard, WDS, quotes and alerts push) gets from the one hub:
 * the token check before the upgrade, a welcome frame, broadcast to every session, the close code
 * at the token's expiry, and a slow client skipping frames instead of holding up the others. On a
 * Vert.x server of its own on a free loopback port.
 */
class TokenWebSocketHubTest {

  private static final String PATH = "/ws/panels-hub-test";
  private static final String SECRET = "panels-hub-test-secret-0123456789";
  private static final Duration SHORT_TTL = Duration.ofSeconds(2);

  private final TokenService tokens = new TokenService(SECRET, Duration.ofMinutes(5));
  private final Authenticator authenticator =
      Authenticator.fromConfig(
          // a token is honoured only for a configured user; the tests issue tokens, nobody logs in
          "viewer:viewer:" + PasswordHasher.hash("unused".toCharArray(), 1_000)
              + ",ops:operator:" + PasswordHasher.hash("unused".toCharArray(), 1_000),
          tokens,
          new LoginThrottle(5, Duration.ofSeconds(1), Duration.ofSeconds(8), java.time.Clock.systemUTC()));
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private HttpServer server;
  private TokenWebSocketHub hub;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    hub = new TokenWebSocketHub(PATH, authenticator);
    Router router = Router.router(vertx);
    hub.attach(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private String url(String token) {
    return "ws://127.0.0.1:" + server.actualPort() + PATH + (token == null ? "" : "?token=" + token);
  }

  @Test
  void noTokenOrABadOneIsRefusedWith401BeforeAnyUpgrade() {
    String issued = tokens.issue("viewer", Role.VIEWER);
    // a different last character (TokenServiceTest shows every variant is refused)
    String forged = issued.substring(0, issued.length() - 1) + (issued.endsWith("x") ? "y" : "x");
    for (String token : new String[] {null, "nonsense", forged}) {
      assertThatThrownBy(() -> Client.connect(http, url(token)))
          .isInstanceOf(CompletionException.class)
          .cause()
          .isInstanceOfSatisfying(WebSocketHandshakeException.class, e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    }
    assertThat(hub.sessions()).isZero();
  }

  @Test
  void aBroadcastReachesEverySessionAfterItsWelcome() {
    try (Client viewer = Client.connect(http, url(tokens.issue("viewer", Role.VIEWER)));
        Client ops = Client.connect(http, url(tokens.issue("ops", Role.OPERATOR)))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> hub.sessions() == 2 && viewer.messages.size() == 1 && ops.messages.size() == 1);
      assertThat(viewer.messages.get(0)).contains("\"type\":\"welcome\"", "\"user\":\"viewer\"", "\"role\":\"viewer\"");
      assertThat(ops.messages.get(0)).contains("\"user\":\"ops\"", "\"role\":\"operator\"");

      hub.broadcast("{\"n\":1}");
      hub.broadcast("{\"n\":2}");

      await().atMost(Duration.ofSeconds(5)).until(() -> viewer.messages.size() == 3 && ops.messages.size() == 3);
      assertThat(viewer.messages.subList(1, 3)).containsExactly("{\"n\":1}", "{\"n\":2}");
      assertThat(ops.messages.subList(1, 3)).containsExactly("{\"n\":1}", "{\"n\":2}");
      assertThat(hub.delivered()).isEqualTo(4);
      assertThat(hub.droppedSlowClient()).isZero();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> hub.sessions() == 0);
  }

  @Test
  void aSessionIsClosedWith4401WhenItsTokenExpires() {
    // signed with the same key, so the hub's authenticator takes it, but valid for 2 s only
    String shortLived = new TokenService(SECRET, SHORT_TTL).issue("viewer", Role.VIEWER);
    try (Client viewer = Client.connect(http, url(shortLived))) {
      await().atMost(Duration.ofSeconds(5)).until(() -> hub.sessions() == 1);
      await().atMost(SHORT_TTL.plusSeconds(3)).until(() -> viewer.closeCode == TokenWebSocketHub.TOKEN_EXPIRED);
      await().atMost(Duration.ofSeconds(5)).until(() -> hub.sessions() == 0);
    }
  }

  @Test
  void aClientThatDoesNotReadMissesFramesWhileTheOthersGetEveryOne() throws Exception {
    String frame = "{\"pad\":\"" + "x".repeat(32 * 1024) + "\"}";
    try (Client fast = Client.connect(http, url(tokens.issue("viewer", Role.VIEWER)))) {
      Stalled slow = new Stalled();
      WebSocket slowSocket = http.newWebSocketBuilder().buildAsync(URI.create(url(tokens.issue("viewer", Role.VIEWER))), slow).join();
      await().atMost(Duration.ofSeconds(5)).until(() -> hub.sessions() == 2 && fast.messages.size() == 1);
      // in step with the fast client, so only the one that reads nothing can fall behind
      int sent = 0;
      while (hub.droppedSlowClient() == 0 && sent < 5_000) {
        hub.broadcast(frame);
        sent++;
        int expected = sent + 1;
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
            .until(() -> fast.messages.size() == expected);
      }
      assertThat(hub.droppedSlowClient()).isPositive();
      int frames = sent + 1;
      hub.broadcast("{\"last\":true}");
      await().atMost(Duration.ofSeconds(5)).until(() -> fast.messages.size() == frames + 1);
      assertThat(fast.messages.get(frames)).isEqualTo("{\"last\":true}");

      // once it reads again it gets its welcome and every frame not skipped: all skips were its own
      long skipped = hub.droppedSlowClient();
      slowSocket.request(Long.MAX_VALUE);
      await().atMost(Duration.ofSeconds(10)).until(() -> slow.received.get() == frames + 1 - skipped);
      assertThat(hub.delivered()).isEqualTo(frames * 2L - skipped);
      slowSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
  }

  /** A client that asks for no message until told to, so its socket fills up. */
  private static final class Stalled implements WebSocket.Listener {
    final AtomicInteger received = new AtomicInteger();

    @Override
    public void onOpen(WebSocket webSocket) {
      // no request(1): nothing is read until the test asks for it
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (last) {
        received.incrementAndGet();
      }
      return null;
    }
  }
}
