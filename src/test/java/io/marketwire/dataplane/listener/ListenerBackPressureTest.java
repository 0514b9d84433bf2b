package io.marketwire.dataplane.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
    FakeMassiveUpstream upstream = new FakeMassiveUpstream(vertx, FRAMES, EVENTS_PER_FRAME, List.of("AZO"));
    CamelContext camel = new DefaultCamelContext();
    List<Long> sequences = new CopyOnWriteArrayList<>();
    try {
      camel.getRegistry().bind("vertx", vertx);
      camel.addRoutes(
          new RouteBuilder() {
            @Override
            public void configure() {
              fromF("massive:stocks?url=%s&apiKey=k&subscriptions=Q.*&bufferFrames=2&maxAge=0", upstream.url())
                  .routeId("slow-listener")
                  .process(e -> {
                    String raw = e.getMessage().getBody(String.class);
                    sequences.add(FakeMassiveUpstream.sequence(raw));
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

      assertThat(upstream.written.get()).as("events the upstream wrote").isEqualTo(events);
      assertThat(counters.received()).as("received").isEqualTo(events);
      assertThat(counters.published()).as("published").isEqualTo(events);
      assertThat(counters.dropped()).as("dropped").isZero();
      assertThat(counters.pauses()).as("times the socket was paused").isPositive();
      FakeMassiveUpstream.assertEveryEventOnceInOrder(sequences, events);
    } finally {
      camel.close();
      upstream.close();
      vertx.close();
    }
  }
}
