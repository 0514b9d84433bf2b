package io.marketwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.testsupport.RunningApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The app on its one HTTP port answers health with a check per broker (to anyone: probes cannot
 * log in), and Prometheus metrics (to a configured user only: Prometheus sends Basic credentials).
 */
class HealthIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void healthIsUpWithACheckPerBrokerAndMetricsArePrometheusText() throws Exception {
    try (RunningApp app = RunningApp.start("file:routes/system/heartbeat/*.camel.yaml", Map.of())) {
      String port = app.context().resolvePropertyPlaceholders("{{camel.server.port}}");
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(
              () -> {
                HttpResponse<String> health = get(port, "/observe/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body())
                    .contains("\"status\":\"UP\"")
                    .contains("\"name\":\"rabbitmq-amqp\",\"status\":\"UP\"")
                    .contains("\"name\":\"rabbitmq-stream\",\"status\":\"UP\"")
                    .contains("\"name\":\"redis\",\"status\":\"UP\"");
              });
      assertThat(get(port, "/observe/metrics").statusCode()).isEqualTo(401);
      HttpResponse<String> metrics =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics"))
                  .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("viewer:viewer-dev".getBytes()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("# TYPE").contains("camel_");
    }
  }

  private HttpResponse<String> get(String port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
