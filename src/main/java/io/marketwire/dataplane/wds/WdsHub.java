package io.marketwire.dataplane.wds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.marketwire.dataplane.cache.RedisPubSubEndpoint;
import io.marketwire.web.AuthenticationException;
import io.marketwire.web.Authenticator;
import io.marketwire.web.Principal;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WDS: a WebSocket on the app's HTTP port that clients reach with a token ({@code
 * ?token=...} or {@code Authorization: Bearer}); without a valid one the upgrade is refused with
 * 401. A client sends {@code {"action":"subscribe","channel":"quotes:AZO"}} (or {@code
 * unsubscribe}, or {@code "channels":[...]}); it gets the channel's cached snapshot, then every
 * update in order. A bad message gets an error frame and the connection stays.
 *
 * <p>Snapshot and updates come through the same RESP3 connection as the pub/sub messages (the
 * {@code redis-pubsub:} consumer of the fan-out route), so the snapshot reply is ordered with the
 * updates: those delivered before it are already in it and are not sent, and the one update that
 * can trail it (the writer sets the key, then publishes) is recognised and skipped.
 */
public final class WdsHub {

  private static final Logger LOG = LoggerFactory.getLogger(WdsHub.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CHANNEL =
      Pattern.compile("(trades|quotes|aggregates|bars):[A-Z][A-Z0-9.]{0,9}|scanner:(gainers|losers|active)");

  private final Authenticator authenticator;
  private final String path;
  private final String prefix;
  private final String fanoutRouteId;
  private final Map<String, Set<Session>> byChannel = new ConcurrentHashMap<>();
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong droppedSlowClient = new AtomicLong();
  private CamelContext context;

  public WdsHub(Authenticator authenticator, String path, String prefix, String fanoutRouteId) {
    this.authenticator = authenticator;
    this.path = path;
    this.prefix = prefix;
    this.fanoutRouteId = fanoutRouteId;
  }

  /** Serves the WebSocket on the platform-http router of {@code context}. */
  public void attach(CamelContext context) {
    this.context = context;
    VertxPlatformHttpRouter router = io.marketwire.web.PlatformRouter.of(context);
    ((Router) router).route(path).order(-1).handler(this::handshake);
    LOG.info("WDS WebSocket on {} (token required)", path);
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
    Principal who = principal;
    ctx.request()
        .toWebSocket()
        .onSuccess(ws -> open(ws, who))
        .onFailure(e -> LOG.debug("WebSocket upgrade failed: {}", e.getMessage()));
  }

  private void open(ServerWebSocket ws, Principal principal) {
    Session session = new Session(ws, principal);
    sessions.add(session);
    // the session ends with its token: close 4401 when it expires (the client logs in again)
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.currentContext().owner();
    long untilExpiry = Math.max(1, principal.expiresAt().toEpochMilli() - System.currentTimeMillis());
    long timer = vertx.setTimer(untilExpiry, id -> ws.close((short) 4401, "token expired"));
    ws.closeHandler(
        v -> {
          vertx.cancelTimer(timer);
          close(session);
        });
    ws.textMessageHandler(text -> onMessage(session, text));
    ws.writeTextMessage(
        JSON.createObjectNode()
            .put("type", "welcome")
            .put("user", principal.username())
            .put("role", principal.role().id())
            .put("expiresAt", principal.expiresAt().toString())
            .toString());
  }

  private void close(Session session) {
    sessions.remove(session);
    for (String channel : session.channels.keySet()) {
      Set<Session> set = byChannel.get(channel);
      if (set != null) {
        set.remove(session);
      }
    }
  }

  private void onMessage(Session session, String text) {
    if (!Instant.now().isBefore(session.principal.expiresAt())) {
      session.ws.close((short) 4401, "token expired");
      return;
    }
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (Exception e) {
      session.error("not JSON: send {\"action\":\"subscribe\",\"channel\":\"quotes:AZO\"}");
      return;
    }
    String action = message.path("action").asText("");
    List<String> channels = new ArrayList<>();
    if (message.path("channel").isTextual()) {
      channels.add(message.path("channel").asText());
    }
    message.path("channels").forEach(c -> channels.add(c.asText()));
    if (!action.equals("subscribe") && !action.equals("unsubscribe")) {
      session.error("unknown action \"" + action + "\": subscribe or unsubscribe");
      return;
    }
    if (channels.isEmpty()) {
      session.error(action + " needs \"channel\" or \"channels\"");
      return;
    }
    for (String channel : channels) {
      if (!CHANNEL.matcher(channel).matches()) {
        session.error("unknown channel \"" + channel + "\": TYPE:SYMBOL with TYPE trades, quotes, aggregates or bars, or scanner:gainers|losers|active");
      } else if (action.equals("subscribe")) {
        subscribe(session, channel);
      } else {
        unsubscribe(session, channel);
      }
    }
  }

  private void subscribe(Session session, String channel) {
    if (session.channels.containsKey(channel)) {
      return;
    }
    StatefulRedisPubSubConnection<String, String> redis = redis();
    if (redis == null) {
      session.error("the data service is not connected to the cache; try again shortly");
      return;
    }
    ChannelState state = new ChannelState();
    session.channels.put(channel, state);
    byChannel.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(session);
    String key = prefix + channel;
    boolean history = channel.startsWith("bars:");
    var reply =
        history
            ? redis.async().lrange(key + ":history", 0, -1).thenApply(WdsHub::historySnapshot)
            : redis.async().get(key).thenApply(v -> new String[] {v, v});
    reply.whenComplete(
        (snapshot, error) -> {
          if (session.channels.get(channel) != state) {
            return; // unsubscribed meanwhile
          }
          if (error != null) {
            session.error("snapshot of " + channel + " failed: " + error.getMessage());
            state.live = true;
            return;
          }
          session.send("{\"type\":\"snapshot\",\"channel\":\"" + channel + "\",\"data\":" + (snapshot[0] == null ? "null" : snapshot[0]) + "}");
          state.trailing = snapshot[1];
          state.live = true;
        });
  }

  /** A bars snapshot: the history oldest first, and its newest entry. */
  private static String[] historySnapshot(List<String> newestFirst) {
    StringBuilder array = new StringBuilder("[");
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      array.append(newestFirst.get(i));
      if (i > 0) {
        array.append(',');
      }
    }
    return new String[] {array.append(']').toString(), newestFirst.isEmpty() ? null : newestFirst.get(0)};
  }

  private void unsubscribe(Session session, String channel) {
    session.channels.remove(channel);
    Set<Session> set = byChannel.get(channel);
    if (set != null) {
      set.remove(session);
    }
    session.send("{\"type\":\"unsubscribed\",\"channel\":\"" + channel + "\"}");
  }

  /**
   * Fans an update out to the channel's subscribers (called by the fan-out route for each pub/sub
   * message, in order, on the cache connection's thread). A client whose socket cannot keep up
   * misses the update (counted) rather than holding up the others.
   */
  public void deliver(String redisChannel, String json) {
    if (redisChannel == null || !redisChannel.startsWith(prefix)) {
      return;
    }
    String channel = redisChannel.substring(prefix.length());
    Set<Session> subscribers = byChannel.get(channel);
    if (subscribers == null || subscribers.isEmpty()) {
      return;
    }
    String frame = null;
    for (Session session : subscribers) {
      ChannelState state = session.channels.get(channel);
      if (state == null || !state.live) {
        continue; // the pending snapshot already holds this update
      }
      if (state.trailing != null) {
        boolean duplicate = state.trailing.equals(json);
        state.trailing = null;
        if (duplicate) {
          continue;
        }
      }
      if (frame == null) {
        frame = "{\"type\":\"update\",\"channel\":\"" + channel + "\",\"data\":" + json + "}";
      }
      try {
        if (session.ws.writeQueueFull()) {
          droppedSlowClient.incrementAndGet();
          continue;
        }
        session.ws.writeTextMessage(frame);
        delivered.incrementAndGet();
      } catch (IllegalStateException closing) {
        // closed between the close frame and the close handler: the handler removes it
      }
    }
  }

  private StatefulRedisPubSubConnection<String, String> redis() {
    Route route = context == null ? null : context.getRoute(fanoutRouteId);
    if (route != null && route.getConsumer() instanceof RedisPubSubEndpoint.PubSubConsumer consumer) {
      return consumer.connection();
    }
    return null;
  }

  private static final class ChannelState {
    volatile boolean live;
    volatile String trailing;
  }

  private static final class Session {
    final ServerWebSocket ws;
    final Principal principal;
    final Map<String, ChannelState> channels = new ConcurrentHashMap<>();

    Session(ServerWebSocket ws, Principal principal) {
      this.ws = ws;
      this.principal = principal;
    }

    void send(String text) {
      try {
        ws.writeTextMessage(text);
      } catch (IllegalStateException closed) {
        // the client went away; its close handler cleans up
      }
    }

    void error(String message) {
      send(JSON.createObjectNode().put("type", "error").put("message", message).toString());
    }
  }
}
