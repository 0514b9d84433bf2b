package io.marketwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketwire.testsupport.RunningApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The profile file overrides the base file inside Camel, as LayeredProperties does outside it. */
class ProfileLayeringIT {

  @Test
  void theTestProfileOverridesTheBaseFile() throws Exception {
    try (RunningApp app =
        RunningApp.start("file:routes/system/heartbeat/*.camel.yaml", Map.of("camel.server.enabled", "false", "camel.management.enabled", "false"))) {
      // base: 8080; application-test.properties: 18080
      assertThat(app.context().resolvePropertyPlaceholders("{{camel.server.port}}")).isEqualTo("18080");
      assertThat(app.context().resolvePropertyPlaceholders("{{marketwire.rabbitmq.host}}")).isEqualTo("localhost");
    }
  }
}
