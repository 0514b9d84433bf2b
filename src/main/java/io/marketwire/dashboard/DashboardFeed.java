package io.marketwire.dashboard;

import io.marketwire.web.Authenticator;
import io.marketwire.web.PlatformRouter;
import io.marketwire.web.TokenWebSocketHub;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's two faces on the app's HTTP port: the single-page app (static files from the
 * classpath folder {@code web/}, under {@code webPath}) and the WebSocket on {@code wsPath} (a
 * {@link TokenWebSocketHub}: token required, closed with 4401 when the token expires) that pushes
 * every snapshot to each logged-in browser. Browsers never poll: the feed route calls {@link
 * #broadcast} once per period.
 */
public final class DashboardFeed {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);

  private final TokenWebSocketHub hub;
  private final String webPath;

  public DashboardFeed(Authenticator authenticator, String wsPath, String webPath) {
    this.hub = new TokenWebSocketHub(wsPath, authenticator);
    this.webPath = webPath.endsWith("/") ? webPath.substring(0, webPath.length() - 1) : webPath;
  }

  /** Serves the app and the WebSocket on the app's platform-http router. */
  public void attach(CamelContext context) {
    Router router = PlatformRouter.of(context);
    hub.attach(context);
    // exact paths only: a Vert.x route for /dashboard also matches /dashboard/
    router.getWithRegex("^" + java.util.regex.Pattern.quote(webPath) + "$").order(-1).handler(ctx -> redirect(ctx, webPath + "/"));
    router.getWithRegex("^/$").order(-1).handler(ctx -> redirect(ctx, webPath + "/"));
    // the app's files are public (the log-in form); every piece of data comes over the WebSocket
    router
        .route(webPath + "/*")
        .order(-1)
        .handler(StaticHandler.create("web").setCachingEnabled(false).setIndexPage("index.html"));
    LOG.info("Dashboard app on {}/, live feed on WebSocket {} (token required)", webPath, hub.path());
  }

  public int sessions() {
    return hub.sessions();
  }

  public long pushed() {
    return hub.delivered();
  }

  public long droppedSlowClient() {
    return hub.droppedSlowClient();
  }

  /**
   * Sends one snapshot to every open session. A browser whose socket cannot keep up misses this
   * snapshot (counted) rather than holding up the others; the next one replaces it anyway.
   */
  public void broadcast(String snapshot) {
    hub.broadcast(snapshot);
  }

  private static void redirect(RoutingContext ctx, String location) {
    ctx.response().setStatusCode(302).putHeader("Location", location).end();
  }
}
