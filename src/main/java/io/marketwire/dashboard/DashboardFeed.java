package io.marketwire.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.web.AuthenticationException;
import io.marketwire.web.Authenticator;
import io.marketwire.web.Principal;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's two faces on the app's HTTP port: the single-page app (static files from the
 * classpath folder {@code web/}, under {@code webPath}) and the WebSocket on {@code wsPath} that
 * pushes every snapshot to each logged-in browser. The upgrade needs a valid token from the
 * control plane's log-in ({@code ?token=} or {@code Authorization: Bearer}); without one it is
 * refused with 401. A session whose token expires is closed with code 4401 at the next push.
 * Browsers never poll: the feed route calls {@link #broadcast} once per period.
 */
public final class DashboardFeed {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Authenticator authenticator;
  private final String wsPath;
  private final String webPath;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong pushed = new AtomicLong();
  private final AtomicLong droppedSlowClient = new AtomicLong();

  public DashboardFeed(Authenticator authenticator, String wsPath, String webPath) {
    this.authenticator = authenticator;
    this.wsPath = wsPath;
    this.webPath = webPath.endsWith("/") ? webPath.substring(0, webPath.length() - 1) : webPath;
  }

  /** Serves the app and the WebSocket on the app's platform-http router. */
  public void attach(CamelContext context, int port) {
    VertxPlatformHttpRouter platform = io.marketwire.web.PlatformRouter.of(context);
    Router router = platform;
    router.route(wsPath).order(-1).handler(this::handshake);
    // exact paths only: a Vert.x route for /dashboard also matches /dashboard/
    router.getWithRegex("^" + java.util.regex.Pattern.quote(webPath) + "$").order(-1).handler(ctx -> redirect(ctx, webPath + "/"));
    router.getWithRegex("^/$").order(-1).handler(ctx -> redirect(ctx, webPath + "/"));
    router
        .route(webPath + "/*")
        .order(-1)
        .handler(StaticHandler.create("web").setCachingEnabled(false).setIndexPage("index.html"));
    LOG.info("Dashboard app on {}/, live feed on WebSocket {} (token required)", webPath, wsPath);
  }

  public int sessions() {
    return sessions.size();
  }

  public long pushed() {
    return pushed.get();
  }

  public long droppedSlowClient() {
    return droppedSlowClient.get();
  }

  /**
   * Sends one snapshot to every open session. A browser whose socket cannot keep up misses this
   * snapshot (counted) rather than holding up the others; the next one replaces it anyway.
   */
  public void broadcast(String snapshot) {
    Instant now = Instant.now();
    for (Session session : sessions) {
      if (!now.isBefore(session.principal.expiresAt())) {
        session.ws.close((short) 4401, "token expired");
        sessions.remove(session);
        continue;
      }
      if (session.ws.isClosed()) {
        sessions.remove(session);
      } else if (session.ws.writeQueueFull()) {
        droppedSlowClient.incrementAndGet();
      } else {
        session.ws.writeTextMessage(snapshot);
        pushed.incrementAndGet();
      }
    }
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(302).putHeader("Location", location).end();
  }

  private void handshake(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    if (token == null) {
      token = Authenticator.bearer(ctx.request().getHeader("Authorization")).orElse(null);
    }
    Principal principal;
    try {
      principal = authenticator.authenticate(token);
    } catch (AuthenticationException e) {
      ctx.response().setStatusCode(401).putHeader("Content-Type", "text/plain").end(e.getMessage());
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(ws -> open(ws, principal))
        .onFailure(e -> LOG.debug("dashboard WebSocket upgrade failed: {}", e.getMessage()));
  }

  private void open(ServerWebSocket ws, Principal principal) {
    Session session = new Session(ws, principal);
    sessions.add(session);
    ws.closeHandler(v -> sessions.remove(session));
    // the feed is one-way; whatever a browser sends is ignored
    ws.textMessageHandler(text -> { });
    ws.writeTextMessage(
        JSON.createObjectNode()
            .put("type", "welcome")
            .put("user", principal.username())
            .put("role", principal.role().id())
            .put("expiresAt", principal.expiresAt().toString())
            .toString());
    LOG.debug("dashboard session opened for {}", principal.username());
  }

  private record Session(ServerWebSocket ws, Principal principal) {}
}
