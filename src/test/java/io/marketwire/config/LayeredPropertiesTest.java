package io.marketwire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayeredPropertiesTest {

  @TempDir Path config;

  @Test
  void profileOverridesBaseAndEnvironmentOverridesBoth() throws Exception {
    Files.writeString(config.resolve("application.properties"), "a.b-c = base\nx = 1\nkeep = base\n");
    Files.writeString(config.resolve("application-prod.properties"), "a.b-c = prod\nx = 2\n");
    LayeredProperties props = LayeredProperties.load(config, "prod", Map.of("X", "3"));
    assertThat(props.get("a.b-c")).contains("prod");
    assertThat(props.requireInt("x")).isEqualTo(3);
    assertThat(props.get("keep")).contains("base");
    assertThat(LayeredProperties.environmentName("marketwire.rabbitmq.stream-port"))
        .isEqualTo("MARKETWIRE_RABBITMQ_STREAM_PORT");
  }

  @Test
  void environmentOverridesCoverEveryKeyOfTheFilesAndOnlyThose() throws Exception {
    Files.writeString(config.resolve("application.properties"), "camel.server.port = 8080\nmarketwire.x = 1\n");
    Files.writeString(config.resolve("application-test.properties"), "camel.metrics.enabled = true\n");
    LayeredProperties props =
        LayeredProperties.load(
            config, "test", Map.of("CAMEL_SERVER_PORT", "18997", "CAMEL_METRICS_ENABLED", "false", "UNRELATED_VAR", "x"));
    assertThat(props.environmentOverrides())
        .containsExactlyInAnyOrderEntriesOf(Map.of("camel.server.port", "18997", "camel.metrics.enabled", "false"));
  }

  @Test
  void anEmptyRequiredSettingNamesItsEnvironmentVariable() throws Exception {
    Files.writeString(config.resolve("application.properties"), "marketwire.rabbitmq.password =\n");
    LayeredProperties props = LayeredProperties.load(config, "dev", Map.of());
    assertThatThrownBy(() -> props.require("marketwire.rabbitmq.password"))
        .hasMessageContaining("MARKETWIRE_RABBITMQ_PASSWORD");
  }

  @Test
  void aRequiredWholeNumberIsReadOrItsAbsenceNamesTheKey() throws Exception {
    Files.writeString(config.resolve("application.properties"), "marketwire.x.count = 12\n");
    LayeredProperties props = LayeredProperties.load(config, "dev", Map.of("MARKETWIRE_X_COUNT", " 7 "));
    assertThat(props.requireInt("marketwire.x.count")).isEqualTo(7);
    assertThatThrownBy(() -> props.requireInt("marketwire.x.missing")).hasMessageContaining("marketwire.x.missing");
  }

  @Test
  void aPresentKeyMayBeBlankButAnAbsentOneIsAnError() throws Exception {
    Files.writeString(config.resolve("application.properties"), "marketwire.redis.password =\n");
    LayeredProperties props = LayeredProperties.load(config, "dev", Map.of());
    assertThat(props.requirePresent("marketwire.redis.password")).isEmpty();
    assertThatThrownBy(() -> props.requirePresent("marketwire.redis.host")).hasMessageContaining("marketwire.redis.host");
  }

  @Test
  void theProfileComesFromTheEnvironmentOrDefaultsToDev() {
    assertThat(LayeredProperties.activeProfile(Map.of())).isEqualTo("dev");
    assertThat(LayeredProperties.activeProfile(Map.of("MARKETWIRE_PROFILE", "prod"))).isEqualTo("prod");
  }

  @Test
  void theShippedProdProfileRequiresCredentialsFromTheEnvironment() {
    LayeredProperties prod = LayeredProperties.load(Path.of("config"), "prod", Map.of());
    assertThatThrownBy(() -> BrokerSettings.from(prod)).hasMessageContaining("password");
    LayeredProperties prodWithEnv =
        LayeredProperties.load(
            Path.of("config"),
            "prod",
            Map.of("MARKETWIRE_RABBITMQ_PASSWORD", "s3cret", "MARKETWIRE_REDIS_PASSWORD", "r3dis"));
    BrokerSettings settings = BrokerSettings.from(prodWithEnv);
    assertThat(settings.rabbitPassword()).isEqualTo("s3cret");
    assertThat(settings.toString()).doesNotContain("s3cret").doesNotContain("r3dis");
  }
}
