package io.marketwire.dataplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The listener against an upstream that writes as fast as its socket takes (it waits only when
 * its own write queue is full, as the local upstream server does at full speed), with a hand-off
 * buffer of two frames and a route slower than the feed: the socket pauses instead of dropping,
 * so every event written reaches the route, in order. No broker: the route is the slow consumer.
 */
class ListenerBackPressureTest {

  private static final int FRAMES = 2_000;
  private static final int EVENTS_PER_FRAME = 10;

  @Test
  void aFullHandOffBufferPausesTheSocketAndLosesNothing() throws Exception {
    Vertx vertx = Vertx.vertx();
    AtomicLong written = new AtomicLong();
    HttpServer upstream = vertx.createHttpServer().webSocketHandler(ws -> speakMassive(ws, written));
    upstream.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    CamelContext camel = new DefaultCamelContext();
    List<Long> sequences = new CopyOnWriteArrayList<>();
    try {
      camel.getRegistry().bind("vertx", vertx);
      camel.addRoutes(
          new RouteBuilder() {
            @Override
            public void configure() {
              fromF("massive:stocks?url=ws://127.0.0.1:%d/stocks&apiKey=k&subscriptions=Q.*&bufferFrames=2&maxAge=0",
                      upstream.actualPort())
                  .routeId("slow-listener")
                  .process(e -> {
                    String raw = e.getMessage().getBody(String.class);
                    sequences.add(Long.parseLong(raw.substring(raw.indexOf("\"q\":") + 4, raw.indexOf('}'))));
                    if (sequences.size() % 100 == 0) {
                      Thread.sleep(2); // slower than the feed: the two-frame buffer fills at once
                    }
                  });
            }
          });
      camel.start();
      ListenerCounters counters = MassiveConsumer.find(camel).orElseThrow().counters();
      long events = (long) FRAMES * EVENTS_PER_FRAME;

      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sequences.size() >= events);

      assertThat(written.get()).as("events the upstream wrote").isEqualTo(events);
      assertThat(counters.received()).as("received").isEqualTo(events);
      assertThat(counters.published()).as("published").isEqualTo(events);
      assertThat(counters.dropped()).as("dropped").isZero();
      assertThat(counters.pauses()).as("times the socket was paused").isPositive();
      assertThat(sequences).as("every event once, in the order written").hasSize((int) events);
      for (int i = 0; i < sequences.size(); i++) {
        assertThat(sequences.get(i)).as("event " + i).isEqualTo(i + 1L);
      }
    } finally {
      camel.close();
      upstream.close();
      vertx.close();
    }
  }

  /** The Massive handshake (connected, auth, subscribe), then FRAMES frames as fast as the socket takes. */
  private static void speakMassive(ServerWebSocket ws, AtomicLong written) {
    ws.writeTextMessage("[{\"ev\":\"status\",\"status\":\"connected\",\"message\":\"hi\"}]");
    ws.textMessageHandler(text -> {
      if (text.contains("\"auth\"")) {
        ws.writeTextMessage("[{\"ev\":\"status\",\"status\":\"auth_success\",\"message\":\"ok\"}]");
      } else if (text.contains("\"subscribe\"")) {
        writeFrames(ws, new long[] {1}, written);
      }
    });
  }

  private static void writeFrames(ServerWebSocket ws, long[] next, AtomicLong written) {
    while (next[0] <= (long) FRAMES * EVENTS_PER_FRAME) {
      if (ws.writeQueueFull()) {
        ws.drainHandler(v -> writeFrames(ws, next, written));
        return;
      }
      StringBuilder frame = new StringBuilder("[");
      for (int i = 0; i < EVENTS_PER_FRAME; i++, next[0]++) {
        frame.append(i == 0 ? "" : ",").append("{\"ev\":\"Q\",\"sym\":\"AZO\",\"bp\":1.0,\"ap\":1.1,\"q\":").append(next[0]).append('}');
      }
      ws.writeTextMessage(frame.append(']').toString());
      written.addAndGet(EVENTS_PER_FRAME);
    }
  }
}
