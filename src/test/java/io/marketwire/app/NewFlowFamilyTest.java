package io.marketwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: "a new flow family is one routes folder plus one configuration class". A family that
 * exists only in this test (src/test/resources/families/routes/shapeprobe and the class below)
 * is listed and run by {@link Flows} like the project's own, with no table, alias, panel or list
 * of families touched.
 */
class NewFlowFamilyTest {

  /** The family's one configuration class: the beans its routes call by name. */
  public static class ShapeProbeConfiguration implements CamelConfiguration {
    @BindToRegistry("shapeProbePings")
    public AtomicLong pings() {
      return new AtomicLong();
    }
  }

  private final Flows flows = new Flows(Path.of("src/test/resources/families/routes"));

  @Test
  void itsFlowsAreListedByTheirFolders() {
    assertThat(flows.all()).containsOnlyKeys("shapeprobe/ping");
    assertThat(flows.includePattern(List.of("shapeprobe")).split(","))
        .containsExactlyInAnyOrder(
            "file:src/test/resources/families/routes/shapeprobe/ping/*.camel.yaml",
            "file:src/test/resources/families/routes/shapeprobe/common/*.camel.yaml");
  }

  @Test
  void itRunsWithItsConfigurationClassAndNothingElse() throws Exception {
    Main main = new Main();
    main.addInitialProperty("camel.main.routes-include-pattern", flows.includePattern(List.of("shapeprobe/ping")));
    main.addInitialProperty("camel.main.configuration-classes", ShapeProbeConfiguration.class.getName());
    main.start();
    try {
      AtomicLong pings = main.getCamelContext().getRegistry().lookupByNameAndType("shapeProbePings", AtomicLong.class);
      await().atMost(Duration.ofSeconds(30)).until(() -> pings.get() >= 3);
      assertThat(main.getCamelContext().getRoutes()).extracting(r -> r.getRouteId())
          .containsExactlyInAnyOrder("shapeprobe-ping", "shapeprobe-record");
    } finally {
      main.stop();
    }
  }
}
