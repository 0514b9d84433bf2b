package io.marketwire.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketwire.testsupport.SettingsContext;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * {@code {{millis:KEY}}} turns a duration setting into the milliseconds that RabbitMQ's
 * arguments and the error handler's redelivery delays need, found by Camel by its name alone.
 */
class MillisPropertiesFunctionTest {

  @Test
  void resolvesTheKeyThenGivesItsDurationInMilliseconds() throws Exception {
    try (DefaultCamelContext context = context()) {
      assertThat(context.resolvePropertyPlaceholders("{{millis:marketwire.test.ttl}}")).isEqualTo("5000");
      assertThat(context.resolvePropertyPlaceholders("x-message-ttl={{millis:marketwire.test.delay}}"))
          .isEqualTo("x-message-ttl=1500");
    }
  }

  @Test
  void aMissingKeyIsAnErrorThatNamesIt() throws Exception {
    try (DefaultCamelContext context = context()) {
      assertThatThrownBy(() -> context.resolvePropertyPlaceholders("{{millis:marketwire.test.none}}"))
          .hasMessageContaining("marketwire.test.none");
    }
  }

  /** Camel's error handler parses a redelivery delay as a long: "200ms" fails, millis: does not. */
  @Test
  void theErrorHandlerTakesARedeliveryDelayThroughIt() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (DefaultCamelContext context = context()) {
      context.addRoutes(
          new RouteBuilder() {
            @Override
            public void configure() {
              onException(IllegalStateException.class)
                  .redeliveryDelay("{{millis:marketwire.test.short}}")
                  .maximumRedeliveries(2)
                  .handled(true);
              from("direct:fails")
                  .process(
                      e -> {
                        attempts.incrementAndGet();
                        throw new IllegalStateException("always");
                      });
            }
          });
      context.createProducerTemplate().sendBody("direct:fails", "x");
      assertThat(attempts).as("the first try and two redeliveries").hasValue(3);
    }
  }

  private static DefaultCamelContext context() {
    return SettingsContext.startedWith(
        Map.of("marketwire.test.ttl", "5s", "marketwire.test.delay", "1s500ms", "marketwire.test.short", "10ms"));
  }
}
