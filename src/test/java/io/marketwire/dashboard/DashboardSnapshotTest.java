package io.marketwire.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The snapshot is the panels bound in the registry: one section each, a failing one reported. */
class DashboardSnapshotTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void eachBoundPanelFillsItsSectionAndAFailingPanelIsReportedNotThrown() throws Exception {
    try (DefaultCamelContext context = new DefaultCamelContext()) {
      context.addRoutes(
          new RouteBuilder() {
            @Override
            public void configure() {
              from("direct:dashboard-test").routeId("dashboard-test-route").log("x");
            }
          });
      context.getRegistry().bind("routesPanel", new CamelRoutesPanel());
      context.getRegistry().bind("counterPanel", new CountingPanel());
      // no redisClient bean in this process: a panel that needs Redis fails, the rest still comes
      context.getRegistry().bind("redisPanel", panel("cache", sources -> sources.redis().dbsize()));
      context.getRegistry().bind("queuePanel", panel("queue", sources -> sources.messagesStartingWith("")));
      context.start();
      DashboardSnapshot snapshot = new DashboardSnapshot(context);

      JsonNode first = JSON.readTree(snapshot.build());
      JsonNode second = JSON.readTree(snapshot.build());

      assertThat(first.path("type").asText()).isEqualTo("snapshot");
      assertThat(second.path("seq").asLong()).isEqualTo(first.path("seq").asLong() + 1);
      assertThat(second.path("time").asLong()).isGreaterThanOrEqualTo(first.path("time").asLong());
      // the same panel instance is read for every snapshot, so it can keep state between them
      assertThat(first.path("counter").path("reads").asInt()).isEqualTo(1);
      assertThat(second.path("counter").path("reads").asInt()).isEqualTo(2);
      assertThat(first.path("cache").isNull()).isTrue();
      assertThat(first.path("cacheError").asText()).contains("no redisClient bean");
      assertThat(first.path("queue").size()).isZero();
      assertThat(first.has("queuesError")).isFalse();
      assertThat(first.path("routes").findValuesAsText("id")).containsExactly("dashboard-test-route");
      assertThat(first.path("routes").get(0).path("state").asText()).isEqualTo("Started");
      // header first, then the sections in name order, whatever order they were bound in
      List<String> keys = new ArrayList<>();
      first.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("type", "seq", "time", "cacheError", "cache", "counter", "queue", "routes");
    }
  }

  @Test
  void aProcessWithNoPanelsSendsTheHeaderOnly() throws Exception {
    try (DefaultCamelContext context = new DefaultCamelContext()) {
      context.start();
      JsonNode snapshot = JSON.readTree(new DashboardSnapshot(context).build());
      List<String> keys = new ArrayList<>();
      snapshot.fieldNames().forEachRemaining(keys::add);
      assertThat(keys).containsExactly("type", "seq", "time");
    }
  }

  private interface Reader {
    Object read(PanelSources sources) throws Exception;
  }

  private static DashboardPanel panel(String name, Reader reader) {
    return new DashboardPanel() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Object read(PanelSources sources) throws Exception {
        return reader.read(sources);
      }
    };
  }

  private static final class CountingPanel implements DashboardPanel {
    private int reads;

    @Override
    public String name() {
      return "counter";
    }

    @Override
    public Map<String, Object> read(PanelSources sources) {
      return Map.of("reads", ++reads);
    }
  }
}
