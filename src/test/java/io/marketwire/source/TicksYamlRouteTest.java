package io.marketwire.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The component and the codec as YAML routes use them: found by scheme, bound as a bean. */
class TicksYamlRouteTest {

  private static final String ROUTE =
      """
      - route:
          id: simulated-json
          from:
            uri: "ticks:simulator"
            parameters:
              symbols: "AAPL"
              rate: 0
              seed: 7
              maxTicks: 20
            steps:
              - bean:
                  ref: marketDataCodec
                  method: encodeJson
              - bean:
                  ref: marketDataCodec
                  method: decode
              - bean:
                  ref: collector
      """;

  private CamelContext context;

  @AfterEach
  void stop() {
    if (context != null) {
      context.stop();
    }
  }

  /** Collects bodies; a bean so the YAML route can call it. */
  public static final class Collector {
    final List<Object> bodies = Collections.synchronizedList(new ArrayList<>());

    public void collect(Object body) {
      bodies.add(body);
    }
  }

  @Test
  void yamlRouteRunsTheSimulatorThroughTheCodecBean() throws Exception {
    Collector collector = new Collector();
    context = new DefaultCamelContext();
    context.getRegistry().bind("marketDataCodec", new MarketDataCodec());
    context.getRegistry().bind("collector", collector);
    PluginHelper.getRoutesLoader(context)
        .loadRoutes(ResourceHelper.fromString("ticks.camel.yaml", ROUTE));
    context.start();

    await().atMost(Duration.ofSeconds(20)).until(() -> collector.bodies.size() >= 20);

    assertThat(collector.bodies)
        .hasSize(20)
        .allSatisfy(b -> assertThat(b).isInstanceOf(MarketData.class));
    assertThat(collector.bodies).extracting(b -> ((MarketData) b).symbol()).containsOnly("AAPL");
  }
}
