package io.marketwire.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebSocket on the app's one HTTP port that only logged-in users reach: the upgrade needs a
 * valid token from the control plane's log-in ({@code ?token=} or {@code Authorization: Bearer});
 * without one it is refused with 401 before any upgrade. Each session gets a welcome frame naming
 * its user and expiry, and is closed with code 4401 when its token expires (the client logs in
 * again). Every feed (the dashboard, the WDS, the quotes and alerts push) is one of these hubs;
 * what a feed does with the messages a client sends is its {@link Listener}.
 *
 * <p>A client whose socket cannot keep up misses a frame (counted in {@link #droppedSlowClient})
 * rather than holding up the others. Sessions, delivered and dropped frames are also Micrometer
 * meters ({@code marketwire_websocket_*{path=...}} on {@code /observe/metrics}). Thread-safe.
 */
public final class TokenWebSocketHub {

  /** Close code of a session whose token expired (4000-4999 are the application's own). */
  public static final short TOKEN_EXPIRED = 4401;

  private static final Logger LOG = LoggerFactory.getLogger(TokenWebSocketHub.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a feed does when sessions open, send and close; the default ignores what clients send. */
  public interface Listener {
    default void opened(Session session) {}

    default void message(Session session, String text) {}

    default void closed(Session session) {}
  }

  private final String path;
  private final Authenticator authenticator;
  private final Listener listener;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong droppedSlowClient = new AtomicLong();

  public TokenWebSocketHub(String path, Authenticator authenticator, Listener listener) {
    this.path = path;
    this.authenticator = authenticator;
    this.listener = listener;
  }

  /** A hub whose clients only listen: what they send is ignored. */
  public TokenWebSocketHub(String path, Authenticator authenticator) {
    this(path, authenticator, new Listener() {});
  }

  public String path() {
    return path;
  }

  /**
   * Serves the WebSocket on the platform-http router of {@code context}, and reports its sessions,
   * delivered and dropped frames to the context's Micrometer registry when it has one.
   */
  public void attach(CamelContext context) {
    attach((Router) PlatformRouter.of(context));
    MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
    if (meters != null) {
      Tags tags = Tags.of("path", path);
      Gauge.builder("marketwire.websocket.sessions", sessions, Set::size)
          .tags(tags).description("open sessions").register(meters);
      FunctionCounter.builder("marketwire.websocket.delivered", delivered, AtomicLong::get)
          .tags(tags).description("data frames written").register(meters);
      FunctionCounter.builder("marketwire.websocket.dropped.slow.client", droppedSlowClient, AtomicLong::get)
          .tags(tags).description("data frames skipped for a client that could not keep up").register(meters);
    }
  }

  /** Serves the WebSocket on {@code router} (the app's is platform-http's; tests bring their own). */
  public void attach(Router router) {
    // order -1: ahead of platform-http's own routes, which would answer the upgrade request as HTTP
    router.route(path).order(-1).handler(this::handshake);
    LOG.info("WebSocket {} (token required)", path);
  }

  public int sessions() {
    return sessions.size();
  }

  public long delivered() {
    return delivered.get();
  }

  public long droppedSlowClient() {
    return droppedSlowClient.get();
  }

  /** Sends {@code text} to every open session (the routes call this, e.g. {@code bean:quotesHub?method=broadcast}). */
  public void broadcast(String text) {
    for (Session session : sessions) {
      session.send(text);
    }
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
        .onFailure(e -> LOG.debug("WebSocket upgrade on {} failed: {}", path, e.getMessage()));
  }

  private void open(ServerWebSocket ws, Principal principal) {
    Session session = new Session(ws, principal);
    sessions.add(session);
    // the session ends with its token, on time, even when nothing is sent to it
    Vertx vertx = io.vertx.core.Vertx.currentContext().owner();
    long untilExpiry = Math.max(1, principal.expiresAt().toEpochMilli() - System.currentTimeMillis());
    long timer = vertx.setTimer(untilExpiry, id -> ws.close(TOKEN_EXPIRED, "token expired"));
    ws.closeHandler(
        v -> {
          vertx.cancelTimer(timer);
          sessions.remove(session);
          listener.closed(session);
        });
    ws.textMessageHandler(text -> listener.message(session, text));
    session.write(
        JSON.createObjectNode()
            .put("type", "welcome")
            .put("user", principal.username())
            .put("role", principal.role().id())
            .put("expiresAt", principal.expiresAt().toString())
            .toString());
    listener.opened(session);
    LOG.debug("{} session opened for {}", path, principal.username());
  }

  /** One open WebSocket and the user it speaks for. */
  public final class Session {
    private final ServerWebSocket ws;
    private final Principal principal;

    private Session(ServerWebSocket ws, Principal principal) {
      this.ws = ws;
      this.principal = principal;
    }

    public Principal principal() {
      return principal;
    }

    /** A data frame: dropped (counted) when the client cannot keep up; false when not sent. */
    public boolean send(String text) {
      try {
        if (ws.writeQueueFull()) {
          droppedSlowClient.incrementAndGet();
          return false;
        }
      } catch (IllegalStateException closed) {
        // Vert.x throws here too for a socket closed before its close handler ran; a broadcast
        // must go on to the other sessions
        return false;
      }
      if (write(text)) {
        delivered.incrementAndGet();
        return true;
      }
      return false;
    }

    /** An answer to what the client asked (a snapshot, say): always written, never dropped. */
    public void reply(String text) {
      write(text);
    }

    /** An error frame {@code {"type":"error","message":...}}; the connection stays. */
    public void error(String message) {
      write(JSON.createObjectNode().put("type", "error").put("message", message).toString());
    }

    private boolean write(String text) {
      try {
        ws.writeTextMessage(text);
        return true;
      } catch (IllegalStateException closed) {
        // closed between the close frame and the close handler: the handler removes it
        return false;
      }
    }
  }
}
