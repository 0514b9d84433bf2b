package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static io.marketwire.component.support.HealthCheckedMain.check;
import static org.awaitility.Awaitility.await;

import io.marketwire.component.support.HealthCheckedMain;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The component's consumer and producer health checks against the real Redis, in Camel Main with
 * health on as the app runs it.
 */
class RedisStreamHealthIT extends RedisStreamITSupport {

  private static final String WRONG = "redisbatch-wrong-password-7731";

  @RegisterExtension final HealthCheckedMain health = new HealthCheckedMain();

  private CamelContext startMain(RouteBuilder routes) throws Exception {
    return health.start(
        routes,
        Map.of(
            "camel.component.redis-stream.host", SETTINGS.redisHost(),
            "camel.component.redis-stream.port", "" + SETTINGS.redisPort(),
            "camel.component.redis-stream.password", SETTINGS.redisPassword(),
            "camel.component.redis-stream.tls", "" + SETTINGS.redisTls()));
  }

  /**
   * Starts a consumer route with these options and waits until its check is DOWN for a failed
   * connection (before the first attempt it is DOWN as "not connected to Redis yet").
   */
  private HealthCheck.Result downConsumer(String routeId, String options) throws Exception {
    String from = uri(options);
    CamelContext context =
        startMain(
            new RouteBuilder() {
              @Override
              public void configure() {
                from(from).routeId(routeId).process(e -> {});
              }
            });
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> check(context, "consumer:" + routeId).orElse(null),
            r ->
                r != null
                    && r.getState() == HealthCheck.State.DOWN
                    && r.getMessage().orElse("").contains("Cannot connect to Redis at"));
  }

  @Test
  void aConsumerWithAWrongPasswordIsDownWithTheReasonAndNeverShowsThePassword() throws Exception {
    HealthCheck.Result result =
        downConsumer(
            "redisbatch-wrong-password", "group=g&block=100&maxBackoff=200ms&password=" + WRONG);
    assertThat(result.getMessage().orElse(""))
        .contains("Cannot connect to Redis at")
        // Redis' own words: WRONGPASS (a password is set) or AUTH without one
        .containsAnyOf("WRONGPASS", "AUTH")
        .doesNotContain(WRONG);
    assertThat(result.getDetails()).containsEntry("stream", stream).containsEntry("group", "g");
  }

  @Test
  void anUnreachableRedisIsDownWithTheReason() throws Exception {
    // port 1 on loopback: nothing listens, the connect is refused at once
    HealthCheck.Result result =
        downConsumer("redisbatch-unreachable", "group=g&block=100&maxBackoff=200ms&port=1");
    assertThat(result.getMessage().orElse(""))
        .contains("Cannot connect to Redis at redis://localhost:1/0");
  }

  @Test
  void aConsumerThatReadsAndAProducerThatIsConnectedAreUp() throws Exception {
    String from = uri("group=g&block=100");
    String to = uri("");
    CamelContext context =
        startMain(
            new RouteBuilder() {
              @Override
              public void configure() {
                from(from).routeId("redisbatch-healthy").process(e -> {});
                from("direct:redisbatch-send").to(to);
              }
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                check(context, "consumer:redisbatch-healthy")
                        .map(r -> r.getState() == HealthCheck.State.UP)
                        .orElse(false)
                    && check(context, "redis-stream-producer-" + stream)
                        .map(r -> r.getState() == HealthCheck.State.UP)
                        .orElse(false));
  }
}
