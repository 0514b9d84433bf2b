package io.marketwire.dataplane.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one WebSocket connection to the upstream. Everything here runs on one Vert.x event loop and
 * does only cheap work: a data frame is counted and offered to the hand-off queue; status frames
 * drive the protocol (auth on {@code connected}, subscribe on {@code auth_success}). When the
 * queue is full (it holds about a second of publishing, see {@link HandOff}) the socket is paused (TCP back-pressure to the upstream) and the frame that did
 * not fit is offered again on a short timer until it does; the event loop never blocks. After a drop it reconnects with
 * exponential backoff and subscribes again to the current subscription. The API key is sent, never
 * logged.
 */
public final class UpstreamConnection {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamConnection.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the connection is. */
  public enum State {
    STOPPED,
    CONNECTING,
    AUTHENTICATING,
    STREAMING,
    WAITING_TO_RECONNECT
  }

  /** A data frame and when it arrived. */
  public record Frame(String text, int events, long receivedAtMillis, long receivedNanos) {}

  private final Vertx vertx;
  private final String url;
  private final String apiKey;
  private final long initialBackoffMillis;
  private final long maxBackoffMillis;
  private final HandOff handoff;
  private final ListenerCounters counters;
  private final Set<String> subscription = new LinkedHashSet<>();
  private Context context;
  private WebSocketClient client;
  private WebSocket socket;
  private volatile State state = State.STOPPED;
  private volatile boolean stopped;
  private long backoffMillis;
  private long timer = -1;
  private int failuresInARow;
  /** The frame that did not fit while the socket is paused; event loop only. */
  private Frame waiting;
  /** Frames that arrived behind {@link #waiting} before the pause took effect; event loop only. */
  private final ArrayDeque<Frame> overflow = new ArrayDeque<>();
  private long handoffTimer = -1;

  public UpstreamConnection(
      Vertx vertx,
      String url,
      String apiKey,
      String subscription,
      long initialBackoffMillis,
      long maxBackoffMillis,
      HandOff handoff,
      ListenerCounters counters) {
    this.vertx = vertx;
    this.url = url;
    this.apiKey = apiKey == null ? "" : apiKey;
    this.subscription.addAll(parse(subscription));
    this.initialBackoffMillis = initialBackoffMillis;
    this.maxBackoffMillis = maxBackoffMillis;
    this.backoffMillis = initialBackoffMillis;
    this.handoff = handoff;
    this.counters = counters;
  }

  public State state() {
    return state;
  }

  public String url() {
    return url;
  }

  /** The current subscription, e.g. {@code [T.*, Q.*]}. */
  public synchronized List<String> subscription() {
    return List.copyOf(subscription);
  }

  public void start() {
    context = vertx.getOrCreateContext();
    client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setMaxMessageSize(16 << 20).setMaxFrameSize(1 << 20));
    context.runOnContext(v -> connect());
  }

  public void stop() {
    stopped = true;
    state = State.STOPPED;
    if (context != null) {
      context.runOnContext(
          v -> {
            if (timer >= 0) {
              vertx.cancelTimer(timer);
            }
            if (handoffTimer >= 0) {
              vertx.cancelTimer(handoffTimer);
            }
            if (socket != null && !socket.isClosed()) {
              socket.close();
            }
            client.close();
          });
    }
  }

  /**
   * Replaces the subscription, e.g. {@code T.*,Q.AZO}: unsubscribes what goes, subscribes what
   * comes, on the live connection; a later reconnect subscribes to the new one.
   */
  public void changeSubscription(String channels) {
    List<String> wanted = parse(channels);
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException("a subscription needs at least one channel, e.g. T.*,Q.*");
    }
    List<String> gone;
    List<String> added;
    synchronized (this) {
      gone = new ArrayList<>(subscription);
      gone.removeAll(wanted);
      added = new ArrayList<>(wanted);
      added.removeAll(subscription);
      subscription.clear();
      subscription.addAll(wanted);
    }
    context.runOnContext(
        v -> {
          if (state == State.STREAMING) {
            if (!gone.isEmpty()) {
              send("unsubscribe", String.join(",", gone));
            }
            if (!added.isEmpty()) {
              send("subscribe", String.join(",", added));
            }
          }
        });
  }

  private static List<String> parse(String channels) {
    List<String> list = new ArrayList<>();
    if (channels != null) {
      for (String c : channels.split(",")) {
        if (!c.isBlank()) {
          list.add(c.trim());
        }
      }
    }
    return list;
  }

  private void connect() {
    if (stopped) {
      return;
    }
    timer = -1;
    state = State.CONNECTING;
    client
        .connect(new WebSocketConnectOptions().setAbsoluteURI(url))
        .onSuccess(this::opened)
        .onFailure(
            e -> {
              warnThrottled("cannot connect to upstream " + url + ": " + e.getMessage());
              scheduleReconnect();
            });
  }

  private void opened(WebSocket ws) {
    if (stopped) {
      ws.close();
      return;
    }
    socket = ws;
    state = State.AUTHENTICATING;
    ws.textMessageHandler(this::onText);
    ws.exceptionHandler(e -> LOG.debug("upstream socket error: {}", e.getMessage()));
    ws.closeHandler(
        v -> {
          socket = null;
          if (!stopped) {
            LOG.warn(
                "Upstream {} closed the connection (code {} {}); reconnecting, events until then are lost",
                url,
                ws.closeStatusCode(),
                ws.closeReason());
            scheduleReconnect();
          }
        });
  }

  private void onText(String text) {
    if (text.contains("\"ev\":\"status\"")) {
      onStatus(text);
      return;
    }
    int events = FrameSplitter.countEvents(text);
    counters.received.add(events);
    counters.frames.increment();
    Frame frame = new Frame(text, events, System.currentTimeMillis(), System.nanoTime());
    if (waiting != null || !handoff.offer(frame)) {
      // a frame can still arrive after pause() (Vert.x delivers what it already decoded): it
      // queues behind the waiting one, so order is kept
      hold(frame);
    }
  }

  /**
   * Keeps a frame the hand-off queue had no room for and pauses the socket: the upstream then
   * sees a full TCP window instead of this process dropping its events. Frames that age past the
   * TTL meanwhile are counted as dropped by the publisher, which checks their age.
   */
  private void hold(Frame frame) {
    WebSocket ws = socket;
    if (ws != null) {
      ws.pause(); // again for a socket opened after a reconnect while a frame still waits
    }
    if (waiting == null) {
      waiting = frame;
      counters.pauses.increment();
      handoffTimer = vertx.setTimer(1, id -> offerWaiting());
    } else {
      overflow.add(frame);
    }
  }

  private void offerWaiting() {
    handoffTimer = -1;
    while (waiting != null && handoff.offer(waiting)) {
      waiting = overflow.poll();
    }
    if (waiting != null) {
      if (!stopped) {
        handoffTimer = vertx.setTimer(1, id -> offerWaiting());
      }
      return;
    }
    WebSocket ws = socket;
    if (ws != null && !ws.isClosed()) {
      ws.resume();
    }
  }

  private void onStatus(String text) {
    JsonNode frame;
    try {
      frame = JSON.readTree(text);
    } catch (Exception e) {
      LOG.warn("Unreadable status frame from upstream: {}", e.getMessage());
      return;
    }
    for (JsonNode event : frame.isArray() ? frame : JSON.createArrayNode().add(frame)) {
      String status = event.path("status").asText("");
      String message = event.path("message").asText("");
      switch (status) {
        case "connected" -> send("auth", apiKey);
        case "auth_success" -> {
          state = State.STREAMING;
          counters.connects.increment();
          backoffMillis = initialBackoffMillis;
          failuresInARow = 0;
          List<String> channels = subscription();
          LOG.info("Authenticated with upstream {}; subscribing to {}", url, channels);
          send("subscribe", String.join(",", channels));
        }
        case "auth_failed" ->
            LOG.error(
                "Upstream {} refused the API key (marketwire.upstream.api-key): {}", url, message);
        case "success" -> LOG.debug("upstream: {}", message);
        default -> LOG.warn("Upstream status {}: {}", status, message);
      }
    }
  }

  private void send(String action, String params) {
    WebSocket ws = socket;
    if (ws != null && !ws.isClosed()) {
      ws.writeTextMessage(
          JSON.createObjectNode().put("action", action).put("params", params).toString());
    }
  }

  private void scheduleReconnect() {
    if (stopped) {
      return;
    }
    state = State.WAITING_TO_RECONNECT;
    long delay = backoffMillis;
    backoffMillis = Math.min(maxBackoffMillis, backoffMillis * 2);
    timer = vertx.setTimer(delay, id -> connect());
  }

  private void warnThrottled(String message) {
    failuresInARow++;
    // the first failures and then one in ten: a long outage does not flood the log
    if (failuresInARow <= 3 || failuresInARow % 10 == 0) {
      LOG.warn("{} (attempt {}, next in {} ms)", message, failuresInARow, backoffMillis);
    }
  }
}
