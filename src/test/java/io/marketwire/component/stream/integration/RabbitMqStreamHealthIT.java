package io.marketwire.component.stream.integration;

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
 * The component's consumer and producer health checks against the real broker, in Camel Main with
 * health and the supervising route controller on, as the app runs them: a consumer the broker
 * refuses or cannot be reached is DOWN with the reason (its route keeps being retried), a
 * connected consumer and producer are UP.
 */
class RabbitMqStreamHealthIT extends RabbitMqStreamITSupport {

  private static final String WRONG = "clients-wrong-password-5521";

  @RegisterExtension final HealthCheckedMain health = new HealthCheckedMain();

  private CamelContext startMain(RouteBuilder routes) throws Exception {
    return health.start(
        routes,
        Map.of(
            "camel.routecontroller.enabled", "true",
            "camel.routecontroller.back-off-delay", "500",
            "camel.component.rabbitmq-stream.host", BROKER.rabbitHost(),
            "camel.component.rabbitmq-stream.port", "" + BROKER.streamPort(),
            "camel.component.rabbitmq-stream.username", BROKER.rabbitUsername(),
            "camel.component.rabbitmq-stream.password", BROKER.rabbitPassword(),
            "camel.component.rabbitmq-stream.virtual-host", BROKER.virtualHost(),
            "camel.component.rabbitmq-stream.tls", "" + BROKER.rabbitTls()));
  }

  /** Starts a consumer route with these options; its check once DOWN with a reason containing {@code reason}. */
  private HealthCheck.Result downConsumer(String routeId, String options, String reason) throws Exception {
    String from = "rabbitmq-stream:" + newStreamName("clients-health") + "?" + options;
    CamelContext context =
        startMain(
            new RouteBuilder() {
              @Override
              public void configure() {
                from(from).routeId(routeId).process(e -> {});
              }
            });
    return await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> check(context, "rabbitmq-stream-consumer:" + routeId).orElse(null),
            r ->
                r != null
                    && r.getState() == HealthCheck.State.DOWN
                    && r.getMessage().orElse("").contains(reason));
  }

  @Test
  void aConsumerWithAWrongPasswordIsDownNamingAuthenticationAndNeverShowsThePassword() throws Exception {
    HealthCheck.Result result =
        downConsumer("clients-wrong-password", "password=" + WRONG, "authentication failed");
    assertThat(result.getMessage().orElseThrow())
        .contains("RabbitMQ stream at " + BROKER.rabbitHost() + ":" + BROKER.streamPort())
        .contains("refused user '" + BROKER.rabbitUsername() + "'")
        .doesNotContain(WRONG);
    assertThat(result.getDetails()).containsEntry("route.id", "clients-wrong-password");
    assertThat(result.getDetails().get("rabbitmq.stream").toString()).doesNotContain(WRONG);
  }

  @Test
  void aConsumerOfAnUnreachableBrokerIsDown() throws Exception {
    // port 1 on loopback: nothing listens, the connect is refused at once
    HealthCheck.Result result = downConsumer("clients-unreachable", "port=1", "unreachable");
    assertThat(result.getMessage().orElseThrow()).contains("RabbitMQ stream at " + BROKER.rabbitHost() + ":1");
  }

  @Test
  void aConnectedConsumerAndProducerAreUp() throws Exception {
    String stream = createStream("clients-health");
    CamelContext context =
        startMain(
            new RouteBuilder() {
              @Override
              public void configure() {
                from("rabbitmq-stream:" + stream).routeId("clients-healthy").process(e -> {});
                from("direct:clients-send").to("rabbitmq-stream:" + stream);
              }
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                check(context, "rabbitmq-stream-consumer:clients-healthy")
                        .map(r -> r.getState() == HealthCheck.State.UP)
                        .orElse(false)
                    && check(context, "rabbitmq-stream-producer:" + stream)
                        .map(r -> r.getState() == HealthCheck.State.UP)
                        .orElse(false));
  }
}
