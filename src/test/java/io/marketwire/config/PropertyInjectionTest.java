package io.marketwire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketwire.testsupport.SettingsContext;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.PropertyInject;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.junit.jupiter.api.Test;

/**
 * Settings reach Java one way, Camel's {@code @PropertyInject("key")} without a default: what it
 * does for the cases that matter, so the configuration classes can rely on it.
 */
class PropertyInjectionTest {

  static class Needs {
    @PropertyInject("marketwire.test.path")
    String path;

    @PropertyInject("marketwire.test.blank")
    String blank;

    @PropertyInject("marketwire.test.period")
    Duration period;

    @PropertyInject("marketwire.test.count")
    int count;
  }

  static class NeedsMissing {
    @PropertyInject("marketwire.test.not-configured")
    String missing;
  }

  @Test
  void injectsTypedValuesAnEmptyValueAndCamelDurations() throws Exception {
    try (DefaultCamelContext context = context()) {
      Needs needs = new Needs();
      PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(needs, "needs");
      assertThat(needs.path).isEqualTo("/ws/x");
      assertThat(needs.blank).isEmpty();
      assertThat(needs.period).isEqualTo(Duration.ofMillis(1500));
      assertThat(needs.count).isEqualTo(7);
    }
  }

  @Test
  void aMissingKeyIsAnErrorThatNamesIt() throws Exception {
    try (DefaultCamelContext context = context()) {
      NeedsMissing bean = new NeedsMissing();
      assertThatThrownBy(
              () -> PluginHelper.getBeanPostProcessor(context).postProcessBeforeInitialization(bean, "bean"))
          .hasStackTraceContaining("marketwire.test.not-configured");
    }
  }

  private static DefaultCamelContext context() {
    return SettingsContext.startedWith(
        Map.of(
            "marketwire.test.path", "/ws/x",
            "marketwire.test.blank", "",
            "marketwire.test.period", "1s500ms",
            "marketwire.test.count", "7"));
  }
}
