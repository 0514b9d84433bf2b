package io.marketwire.dataplane.listener;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Massive upstream for listener tests: the handshake (connected, auth, subscribe), then a fixed
 * number of frames of quotes written as fast as the socket takes them (waiting only when its
 * write queue is full, as the local upstream server does at full speed). Quote {@code q} runs
 * 1, 2, 3, ... over all symbols, which take turns, so every symbol's quotes are in {@code q} order.
 */
final class FakeMassiveUpstream implements AutoCloseable {

  private final HttpServer server;
  private final int frames;
  private final int eventsPerFrame;
  private final List<String> symbols;
  final AtomicLong written = new AtomicLong();

  FakeMassiveUpstream(Vertx vertx, int frames, int eventsPerFrame, List<String> symbols) throws Exception {
    this.frames = frames;
    this.eventsPerFrame = eventsPerFrame;
    this.symbols = symbols;
    server = vertx.createHttpServer().webSocketHandler(this::speakMassive);
    server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  long events() {
    return (long) frames * eventsPerFrame;
  }

  /** The {@code massive:} URL of this upstream. */
  String url() {
    return "ws://127.0.0.1:" + server.actualPort() + "/stocks";
  }

  /** The symbol of quote {@code q}. */
  String symbolOf(long q) {
    return symbols.get((int) ((q - 1) % symbols.size()));
  }

  private void speakMassive(ServerWebSocket ws) {
    ws.writeTextMessage("[{\"ev\":\"status\",\"status\":\"connected\",\"message\":\"hi\"}]");
    ws.textMessageHandler(text -> {
      if (text.contains("\"auth\"")) {
        ws.writeTextMessage("[{\"ev\":\"status\",\"status\":\"auth_success\",\"message\":\"ok\"}]");
      } else if (text.contains("\"subscribe\"")) {
        writeFrames(ws, new long[] {1});
      }
    });
  }

  private void writeFrames(ServerWebSocket ws, long[] next) {
    while (next[0] <= events()) {
      if (ws.writeQueueFull()) {
        ws.drainHandler(v -> writeFrames(ws, next));
        return;
      }
      StringBuilder frame = new StringBuilder("[");
      for (int i = 0; i < eventsPerFrame; i++, next[0]++) {
        frame.append(i == 0 ? "" : ",").append("{\"ev\":\"Q\",\"sym\":\"").append(symbolOf(next[0]))
            .append("\",\"bp\":1.0,\"ap\":1.1,\"q\":").append(next[0]).append('}');
      }
      ws.writeTextMessage(frame.append(']').toString());
      written.addAndGet(eventsPerFrame);
    }
  }

  /** The {@code q} of a quote's raw JSON. */
  static long sequence(String raw) {
    int at = raw.indexOf("\"q\":") + 4;
    int end = at;
    while (end < raw.length() && Character.isDigit(raw.charAt(end))) {
      end++;
    }
    return Long.parseLong(raw.substring(at, end));
  }

  /** Checks that the sequences are 1, 2, ... {@code events}: every event once, in the order written. */
  static void assertEveryEventOnceInOrder(java.util.List<Long> sequences, long events) {
    org.assertj.core.api.Assertions.assertThat(sequences).as("every event once, in the order written").hasSize((int) events);
    for (int i = 0; i < sequences.size(); i++) {
      org.assertj.core.api.Assertions.assertThat(sequences.get(i)).as("event " + i).isEqualTo(i + 1L);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
