package io.marketwire.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.dataplane.listener.ListenerCounters;
import io.marketwire.dataplane.listener.MassiveConsumer;
import io.marketwire.dataplane.upstream.UpstreamServer;
import io.marketwire.testsupport.RunningApp;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The listener reconnects and subscribes again after the upstream server closes the connection,
 * and loses exactly the events produced while it was away: at the end of the replay every event
 * the server sent arrived, everything received was published, and the server counted the rest as
 * unsent.
 */
@Tag("integration")
class ListenerReconnectIT {

  @Test
  void reconnectsAfterTheServerClosesAndLosesOnlyWhatCameWhileDown() throws Exception {
    try (DataplaneFixture fixture = new DataplaneFixture()) {
      Map<String, String> overrides = fixture.overrides();
      overrides.put("marketwire.upstream.server.symbols", "AZO,GWW");
      overrides.put("marketwire.upstream.server.from", "2024-05-01");
      overrides.put("marketwire.upstream.server.to", "2024-05-01");
      overrides.put("marketwire.upstream.server.speed", "2500");
      overrides.put("marketwire.upstream.server.loop", "false");
      overrides.put("marketwire.upstream.reconnect-initial", "300ms");
      try (RunningApp app = RunningApp.start("file:routes/dataplane/mdl/mdl.camel.yaml", overrides)) {
        UpstreamServer server = app.context().getRegistry().lookupByNameAndType("upstreamServer", UpstreamServer.class);
        ListenerCounters counters = MassiveConsumer.find(app.context()).orElseThrow().counters();

        await().atMost(Duration.ofSeconds(20)).until(() -> counters.connects() == 1 && counters.received() > 500);
        assertThat(server.finished()).as("the replay is still running when the connection drops").isFalse();
        long unsentBefore = server.unsent();
        server.dropConnections();

        await().atMost(Duration.ofSeconds(20)).until(() -> counters.connects() == 2);
        await().atMost(Duration.ofSeconds(30)).until(server::finished);
        await().atMost(Duration.ofSeconds(10))
            .untilAsserted(() -> {
              assertThat(counters.received()).isEqualTo(server.sent());
              assertThat(counters.published() + counters.dropped()).isEqualTo(counters.received());
            });
        assertThat(counters.dropped()).isZero();
        assertThat(server.unsent() - unsentBefore).as("events produced while the listener was away").isPositive();
        assertThat(server.sent() + server.unsent()).isEqualTo(server.produced());
        assertThat(server.connectedClients()).isEqualTo(1);
      }
    }
  }
}
