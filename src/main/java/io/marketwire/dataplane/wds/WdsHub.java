package io.marketwire.dataplane.wds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.marketwire.dataplane.cache.RedisPubSubEndpoint;
import io.marketwire.web.Authenticator;
import io.marketwire.web.RouteCompanion;
import io.marketwire.web.TokenWebSocketHub;
import io.marketwire.web.TokenWebSocketHub.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WDS: a WebSocket on the app's HTTP port that clients reach with a token (a {@link
 * TokenWebSocketHub}: 401 without one, closed with 4401 when it expires). A client sends {@code {"action":"subscribe","channel":"quotes:AZO"}} (or {@code
 * unsubscribe}, or {@code "channels":[...]}); it gets the channel's cached snapshot, then every
 * update in order. A bad message gets an error frame and the connection stays.
 *
 * <p>Snapshot and updates come through the same RESP3 connection as the pub/sub messages (the
 * {@code redis-pubsub:} consumer of the fan-out route), so the snapshot reply is ordered with the
 * updates: those delivered before it are already in it and are not sent, and the one update that
 * can trail it (the writer sets the key, then publishes) is recognised and skipped.
 */
public final class WdsHub implements TokenWebSocketHub.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(WdsHub.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CHANNEL =
      Pattern.compile("(trades|quotes|aggregates|bars):[A-Z][A-Z0-9.]{0,9}|scanner:(gainers|losers|active|unusual)");

  private final TokenWebSocketHub hub;
  private final String prefix;
  private final RouteCompanion fanout = RouteCompanion.onStart(this::attach);
  private final Map<String, Set<Session>> byChannel = new ConcurrentHashMap<>();
  /** The channels of each open session. */
  private final Map<Session, Map<String, ChannelState>> subscriptions = new ConcurrentHashMap<>();

  public WdsHub(Authenticator authenticator, String path, String prefix) {
    this.hub = new TokenWebSocketHub(path, authenticator, this);
    this.prefix = prefix;
  }

  /**
   * The route policy of the fan-out route (the {@code redis-pubsub:} consumer whose connection
   * serves the snapshots): the WebSocket is served once that route has started.
   */
  public RouteCompanion fanoutRoute() {
    return fanout;
  }

  /** Serves the WebSocket on the platform-http router of {@code context}. */
  public void attach(CamelContext context) {
    hub.attach(context);
    LOG.info("WDS on {}", hub.path());
  }

  public int sessions() {
    return hub.sessions();
  }

  public long delivered() {
    return hub.delivered();
  }

  public long droppedSlowClient() {
    return hub.droppedSlowClient();
  }

  @Override
  public void opened(Session session) {
    subscriptions.put(session, new ConcurrentHashMap<>());
  }

  @Override
  public void closed(Session session) {
    Map<String, ChannelState> channels = subscriptions.remove(session);
    if (channels == null) {
      return;
    }
    for (String channel : channels.keySet()) {
      Set<Session> set = byChannel.get(channel);
      if (set != null) {
        set.remove(session);
      }
    }
  }

  @Override
  public void message(Session session, String text) {
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
        session.error("unknown channel \"" + channel + "\": TYPE:SYMBOL with TYPE trades, quotes, aggregates or bars, or scanner:gainers|losers|active|unusual");
      } else if (action.equals("subscribe")) {
        subscribe(session, channel);
      } else {
        unsubscribe(session, channel);
      }
    }
  }

  private void subscribe(Session session, String channel) {
    Map<String, ChannelState> channels = subscriptions.get(session);
    if (channels == null || channels.containsKey(channel)) {
      return;
    }
    StatefulRedisPubSubConnection<String, String> redis = redis();
    if (redis == null) {
      session.error("the data service is not connected to the cache; try again shortly");
      return;
    }
    ChannelState state = new ChannelState();
    channels.put(channel, state);
    byChannel.computeIfAbsent(channel, c -> ConcurrentHashMap.newKeySet()).add(session);
    String key = prefix + channel;
    boolean history = channel.startsWith("bars:");
    var reply =
        history
            ? redis.async().lrange(key + ":history", 0, -1).thenApply(WdsHub::historySnapshot)
            : redis.async().get(key).thenApply(v -> new String[] {v, v});
    reply.whenComplete(
        (snapshot, error) -> {
          if (channels.get(channel) != state) {
            return; // unsubscribed meanwhile
          }
          if (error != null) {
            session.error("snapshot of " + channel + " failed: " + error.getMessage());
            state.live = true;
            return;
          }
          session.reply("{\"type\":\"snapshot\",\"channel\":\"" + channel + "\",\"data\":" + (snapshot[0] == null ? "null" : snapshot[0]) + "}");
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
    Map<String, ChannelState> channels = subscriptions.get(session);
    if (channels != null) {
      channels.remove(channel);
    }
    Set<Session> set = byChannel.get(channel);
    if (set != null) {
      set.remove(session);
    }
    session.reply("{\"type\":\"unsubscribed\",\"channel\":\"" + channel + "\"}");
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
      Map<String, ChannelState> channels = subscriptions.get(session);
      ChannelState state = channels == null ? null : channels.get(channel);
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
      session.send(frame);
    }
  }

  private StatefulRedisPubSubConnection<String, String> redis() {
    Route route = fanout.route().orElse(null);
    if (route != null && route.getConsumer() instanceof RedisPubSubEndpoint.PubSubConsumer consumer) {
      return consumer.connection();
    }
    return null;
  }

  private static final class ChannelState {
    volatile boolean live;
    volatile String trailing;
  }
}
