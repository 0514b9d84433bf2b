package io.marketwire.component.stream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The component's consumer and producer health checks against the real broker, in Camel Main with
 * health and the supervising route controller on, as the app runs them: a consumer the broker
 * refuses or cannot be reached is DOWN with the reason (its route keeps being retried), a
 * connected consumer and producer are UP.
 */
class RabbitMqStreamHealthIT extends RabbitMqStreamITSupport {

  private static final String WRONG = "clients-wrong-password-5521";

  private Main main;

  @AfterEach
  void stopMain() {
    if (main != null) {
      main.stop();
    }
  }

  private CamelContext startMain(RouteBuilder routes) throws Exception {
    main = new Main();
    main.addInitialProperty("camel.health.enabled", "true");
    main.addInitialProperty("camel.health.exposure-level", "full");
    main.addInitialProperty("camel.health.producers-enabled", "true");
    main.addInitialProperty("camel.routecontroller.enabled", "true");
    main.addInitialProperty("camel.routecontroller.back-off-delay", "500");
    main.addInitialProperty("camel.component.rabbitmq-stream.host", BROKER.rabbitHost());
    main.addInitialProperty("camel.component.rabbitmq-stream.port", "" + BROKER.streamPort());
    main.addInitialProperty("camel.component.rabbitmq-stream.username", BROKER.rabbitUsername());
    main.addInitialProperty("camel.component.rabbitmq-stream.password", BROKER.rabbitPassword());
    main.addInitialProperty("camel.component.rabbitmq-stream.virtual-host", BROKER.virtualHost());
    main.addInitialProperty("camel.component.rabbitmq-stream.tls", "" + BROKER.rabbitTls());
    main.configure().addRoutesBuilder(routes);
    main.start();
    return main.getCamelContext();
  }

  private static Optional<HealthCheck.Result> check(CamelContext context, String idPrefix) {
    List<HealthCheck.Result> results = List.copyOf(HealthCheckHelper.invokeReadiness(context));
    return results.stream().filter(r -> r.getCheck().getId().startsWith(idPrefix)).findFirst();
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
