package io.marketwire.dataplane.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.dataplane.upstream.MassiveEvents.DayState;
import io.marketwire.model.MarketData;
import io.marketwire.source.BarReplay;
import io.marketwire.source.Pacer;
import io.marketwire.source.SourceEvent;
import io.marketwire.source.TimeWindow;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for the Massive (Polygon.io) stocks WebSocket: status on connect, {@code auth}
 * with an API key, {@code subscribe}/{@code unsubscribe} with {@code T.*}, {@code Q.AZO} and so on,
 * then arrays of events. It replays the 2024 minute bars ({@link BarReplay}) at a chosen speed:
 * each bar's ticks become a quote {@code Q}, a trade {@code T} and a one-second aggregate {@code
 * A}, and the bar itself an {@code AM} after its ticks, so every number is consistent with the
 * files.
 *
 * <p>Like the real service the feed does not wait for anyone: events produced while no client is
 * subscribed are gone (counted as {@link #unsent()}). At maximum speed the feed thread waits for a
 * slow client's socket to drain instead, so the rate measures the client.
 */
public final class UpstreamServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(UpstreamServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Called for every quote sent, with the send time; for latency measurement. */
  public interface SendObserver {
    void quoteSent(String symbol, long sequence, long nanoTime);
  }

  /** How the server runs; see {@code marketwire.upstream.server.*}. */
  public record Settings(
      String host,
      int port,
      String path,
      String apiKey,
      double speed,
      Path directory,
      List<String> symbols,
      TimeWindow window,
      boolean loop,
      int maxBatch) {}

  private final Vertx vertx;
  private final Settings settings;
  // copied when a client comes or goes, not per event: the feed loop iterates it for every event
  // (an iterator over a concurrent map there was a sixth of this JVM's CPU at full speed)
  private final List<Client> clients = new CopyOnWriteArrayList<>();
  private final AtomicLong produced = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong unsent = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private volatile SendObserver observer;
  private volatile boolean running;
  private volatile boolean finished;
  private HttpServer server;
  private Thread feed;

  private static final class Client {
    final ServerWebSocket socket;
    volatile boolean authenticated;
    final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    final AtomicLong sent = new AtomicLong();

    Client(ServerWebSocket socket) {
      this.socket = socket;
    }

    boolean wants(String ev, String symbol) {
      return authenticated
          && (subscriptions.contains(ev + ".*") || subscriptions.contains(ev + "." + symbol));
    }
  }

  public UpstreamServer(Vertx vertx, Settings settings) {
    this.vertx = vertx;
    this.settings = settings;
  }

  public void start() throws Exception {
    server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setMaxWebSocketMessageSize(1 << 20));
    server.webSocketHandler(this::accept);
    server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    running = true;
    feed = new Thread(this::runFeed, "upstream-replay");
    feed.setDaemon(true);
    feed.start();
    LOG.info(
        "Local upstream server on ws://{}:{}{} replaying {} at speed {}",
        settings.host(),
        server.actualPort(),
        settings.path(),
        settings.symbols().isEmpty() ? "every symbol" : settings.symbols(),
        settings.speed() == Pacer.MAX_SPEED ? "max" : settings.speed());
  }

  public int port() {
    return server.actualPort();
  }

  public void setObserver(SendObserver observer) {
    this.observer = observer;
  }

  /** Events the replay produced. */
  public long produced() {
    return produced.get();
  }

  /** Event copies written to subscribed clients. */
  public long sent() {
    return sent.get();
  }

  /** Events produced while no client wanted them: what a disconnected listener misses. */
  public long unsent() {
    return unsent.get();
  }

  /** Whether the replay has ended (only without loop). */
  public boolean finished() {
    return finished;
  }

  /** Connections accepted so far. */
  public long connections() {
    return connections.get();
  }

  public int connectedClients() {
    return (int) clients.stream().filter(c -> c.authenticated).count();
  }

  /** Closes every client connection, as the real service does to a client that falls behind. */
  public void dropConnections() {
    clients.forEach(c -> c.socket.close((short) 1001, "going away"));
  }

  private void accept(ServerWebSocket ws) {
    if (!settings.path().equals(ws.path())) {
      ws.reject(404);
      return;
    }
    connections.incrementAndGet();
    Client client = new Client(ws);
    clients.add(client);
    ws.closeHandler(v -> clients.remove(client));
    ws.exceptionHandler(e -> LOG.debug("upstream client error: {}", e.getMessage()));
    ws.textMessageHandler(text -> onMessage(client, text));
    ws.writeTextMessage(statusFrame("connected", "Connected Successfully"));
  }

  private void onMessage(Client client, String text) {
    JsonNode message;
    try {
      message = JSON.readTree(text);
    } catch (Exception e) {
      client.socket.writeTextMessage(statusFrame("error", "invalid JSON"));
      return;
    }
    String action = message.path("action").asText("");
    String params = message.path("params").asText("");
    switch (action) {
      case "auth" -> {
        if (settings.apiKey().equals(params)) {
          client.authenticated = true;
          client.socket.writeTextMessage(statusFrame("auth_success", "authenticated"));
        } else {
          client.socket.writeTextMessage(statusFrame("auth_failed", "authentication failed"));
          client.socket.close((short) 1008, "authentication failed");
        }
      }
      case "subscribe", "unsubscribe" -> {
        if (!client.authenticated) {
          client.socket.writeTextMessage(statusFrame("error", "not authenticated"));
          return;
        }
        StringBuilder frame = new StringBuilder("[");
        for (String channel : params.split(",")) {
          String c = channel.trim();
          if (c.isEmpty()) {
            continue;
          }
          if (action.equals("subscribe")) {
            client.subscriptions.add(c);
          } else {
            client.subscriptions.remove(c);
          }
          if (frame.length() > 1) {
            frame.append(',');
          }
          MassiveEvents.status(frame, "success", action + "d to: " + c);
        }
        client.socket.writeTextMessage(frame.append(']').toString());
      }
      default -> client.socket.writeTextMessage(statusFrame("error", "unknown action " + action));
    }
  }

  private static String statusFrame(String status, String message) {
    StringBuilder out = new StringBuilder("[");
    MassiveEvents.status(out, status, message);
    return out.append(']').toString();
  }

  // ------------------------------------------------------------------ feed

  private void runFeed() {
    try {
      do {
        replayOnce();
      } while (running && settings.loop());
      finished = true;
      LOG.info("Upstream replay finished: {} events produced, {} sent, {} unsent", produced, sent, unsent);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("Upstream replay failed: {}", e.getMessage(), e);
    }
  }

  private void replayOnce() throws InterruptedException {
    Pacer pacer = new Pacer(settings.speed());
    Map<String, DayState> days = new HashMap<>();
    Map<String, int[]> tradesInBar = new HashMap<>();
    Batch batch = new Batch();
    try (BarReplay replay =
        BarReplay.builder()
            .directory(settings.directory())
            .symbols(settings.symbols())
            .window(settings.window())
            .emitBars(true)
            .open()) {
      while (running && replay.hasNext()) {
        SourceEvent event = replay.next();
        if (pacer.delayNanos(event.eventTimeNanos()) > 0) {
          batch.flush();
          pacer.await(event.eventTimeNanos());
        }
        if (event instanceof SourceEvent.Tick tick) {
          MarketData data = tick.data();
          DayState day = days.computeIfAbsent(data.symbol(), s -> new DayState());
          day.roll(data.timestampNanos() / 1_000_000L, data.lastPrice());
          day.add(data.lastPrice(), data.lastSize());
          tradesInBar.computeIfAbsent(data.symbol(), s -> new int[1])[0]++;
          batch.add("Q", data.symbol(), data.sequenceNumber(), out -> MassiveEvents.quote(out, data));
          batch.add("T", data.symbol(), -1, out -> MassiveEvents.trade(out, data));
          batch.add("A", data.symbol(), -1, out -> MassiveEvents.secondAggregate(out, data, day));
        } else if (event instanceof SourceEvent.Bar bar) {
          DayState day = days.computeIfAbsent(bar.symbol(), s -> new DayState());
          day.roll(bar.bar().startEpochMillis(), bar.bar().open());
          int[] trades = tradesInBar.computeIfAbsent(bar.symbol(), s -> new int[1]);
          int count = trades[0];
          trades[0] = 0;
          batch.add("AM", bar.symbol(), -1, out -> MassiveEvents.minuteAggregate(out, bar.bar(), day, count));
        }
        if (batch.size >= settings.maxBatch()) {
          batch.flush();
        }
      }
      batch.flush();
    }
  }

  /** One frame per client being filled: the events of one instant, or up to maxBatch at speed. */
  private final class Batch {
    private final Map<Client, Frame> frames = new HashMap<>();
    private final StringBuilder scratch = new StringBuilder(256);
    private final long[] quoteSequences = new long[4096];
    private final String[] quoteSymbols = new String[4096];
    private int quotes;
    int size;

    void add(String ev, String symbol, long quoteSequence, java.util.function.Consumer<StringBuilder> writer) {
      produced.incrementAndGet();
      size++;
      scratch.setLength(0);
      boolean written = false;
      for (Client client : clients) {
        if (!client.wants(ev, symbol)) {
          continue;
        }
        if (!written) {
          writer.accept(scratch);
          written = true;
        }
        Frame frame = frames.computeIfAbsent(client, c -> new Frame());
        if (frame.events > 0) {
          frame.text.append(',');
        }
        frame.text.append(scratch);
        frame.events++;
      }
      if (!written) {
        unsent.incrementAndGet();
      } else if (quoteSequence >= 0 && observer != null && quotes < quoteSequences.length) {
        quoteSequences[quotes] = quoteSequence;
        quoteSymbols[quotes++] = symbol;
      }
    }

    void flush() throws InterruptedException {
      for (Map.Entry<Client, Frame> entry : frames.entrySet()) {
        Client client = entry.getKey();
        int events = entry.getValue().events;
        // counted as sent just before the write; a write that fails because the socket closed
        // meanwhile (Vert.x throws or fails the future) is taken back as unsent
        boolean counted = false;
        try {
          awaitRoom(client);
          sent.addAndGet(events);
          client.sent.addAndGet(events);
          counted = true;
          client.socket
              .writeTextMessage(entry.getValue().text.append(']').toString())
              .onFailure(e -> takeBack(client, events));
        } catch (IllegalStateException closed) {
          if (counted) {
            takeBack(client, events);
          } else {
            unsent.addAndGet(events);
          }
        }
      }
      SendObserver o = observer;
      if (o != null && quotes > 0) {
        long now = System.nanoTime();
        for (int i = 0; i < quotes; i++) {
          o.quoteSent(quoteSymbols[i], quoteSequences[i], now);
        }
      }
      quotes = 0;
      frames.clear();
      size = 0;
    }
  }

  /**
   * Waits until the client's socket takes more (its drain handler fires, checked again every 10
   * ms): at full speed the feed goes at the client's pace without waking every few microseconds
   * to poll, which took CPU from the listener it measures.
   */
  private void awaitRoom(Client client) throws InterruptedException {
    while (client.socket.writeQueueFull() && running) {
      java.util.concurrent.CountDownLatch drained = new java.util.concurrent.CountDownLatch(1);
      client.socket.drainHandler(v -> drained.countDown());
      if (client.socket.writeQueueFull()) {
        drained.await(10, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void takeBack(Client client, int events) {
    sent.addAndGet(-events);
    client.sent.addAndGet(-events);
    unsent.addAndGet(events);
  }

  private static final class Frame {
    final StringBuilder text = new StringBuilder(16 * 1024).append('[');
    int events;
  }

  @Override
  public void close() throws Exception {
    running = false;
    if (feed != null) {
      feed.interrupt();
      feed.join(5_000);
    }
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
