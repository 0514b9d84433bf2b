package io.marketwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketwire.analytics.SymbolStatsSnapshot;
import io.marketwire.testsupport.Broker;
import io.marketwire.testsupport.BrokerAdmin;
import io.marketwire.testsupport.BrokerServices;
import io.marketwire.testsupport.MinuteBarsTruth;
import io.marketwire.testsupport.ReplayRun;
import io.marketwire.testsupport.RestartsBrokers;
import io.marketwire.testsupport.RunningApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A flow started while RabbitMQ is stopped starts anyway, says DOWN with the reason on
 * /observe/health, and once the broker is back is UP and processing within 10 s, to the exact day
 * book. It stops the broker everyone shares, so it runs only with the broker-restart tests.
 */
@Tag("broker-restart")
@RestartsBrokers
class BrokerOutageIT {

  private static final List<String> SYMBOLS = List.of("AZO", "LII");
  private static final LocalDate DAY = LocalDate.parse("2024-03-05");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String id = UUID.randomUUID().toString().substring(0, 8);
  private final String stream = "it-md-" + id;
  private final String consumer = "it-outage-" + id;
  private final String stateKey = "marketwire:vwap:" + consumer + ":state";

  @Test
  void aFlowStartedWhileRabbitMqIsStoppedWaitsForItThenProcessesEveryTick() throws Exception {
    Map<String, MinuteBarsTruth.Day> truth = MinuteBarsTruth.days(SYMBOLS, DAY, DAY);
    try (BrokerAdmin admin = new BrokerAdmin()) {
      BrokerServices.get().stop(Broker.RABBITMQ);
      RunningApp app;
      long back;
      try {
        // before: Camel failed to start and the command exited ("Connection refused")
        app = RunningApp.startWithoutWaitingForRoutes(Flows.routes("market-data/producer", "market-data/vwap"), overrides());
        String port = app.context().resolvePropertyPlaceholders("{{camel.server.port}}");
        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () -> {
                  HttpResponse<String> health = get(port);
                  assertThat(health.statusCode()).as("health while RabbitMQ is stopped").isEqualTo(503);
                  assertThat(health.body())
                      .contains("\"name\":\"rabbitmq-stream\",\"status\":\"DOWN\"")
                      .contains("unreachable")
                      .contains("\"name\":\"route:market-data-vwap\",\"status\":\"DOWN\"");
                });
        assertThat(app.context().getRouteController().getRouteStatus("market-data-vwap"))
            .as("the VWAP route waits for the broker")
            .isNotEqualTo(ServiceStatus.Started);
      } finally {
        BrokerServices.get().start(Broker.RABBITMQ);
        back = System.nanoTime();
      }
      try (app) {
        String port = app.context().resolvePropertyPlaceholders("{{camel.server.port}}");
        await()
            .atMost(Duration.ofSeconds(10))
            .pollInterval(Duration.ofMillis(100))
            .untilAsserted(
                () -> {
                  HttpResponse<String> health = get(port);
                  assertThat(health.statusCode()).as("health after RabbitMQ came back: %s", health.body()).isEqualTo(200);
                  assertThat(dayBook(admin).size()).as("symbols in the VWAP book").isPositive();
                });
        System.out.printf("UP and processing %d ms after RabbitMQ was back%n", (System.nanoTime() - back) / 1_000_000);
        // and nothing was lost on the way: the day book ends equal to the CSV
        await()
            .atMost(Duration.ofMinutes(1))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () -> {
                  Map<String, JsonNode> book = dayBook(admin);
                  assertThat(book.keySet()).containsExactlyInAnyOrderElementsOf(truth.keySet());
                  truth.forEach(
                      (key, day) -> {
                        SymbolStatsSnapshot got = JSON.convertValue(book.get(key), SymbolStatsSnapshot.class);
                        assertThat(got.volume()).as(key + " volume").isEqualTo(day.volume());
                        assertThat(got.vwap()).as(key + " VWAP").isCloseTo(day.vwap(), within(day.vwap() * 1e-9));
                      });
                });
      } finally {
        admin.deleteStreams(stream, "it-errors-" + id, "it-vwap-" + id);
        admin.deleteRedisKeys(stateKey);
      }
    }
  }

  private Map<String, JsonNode> dayBook(BrokerAdmin admin) throws Exception {
    String saved = admin.redisValue(stateKey);
    Map<String, JsonNode> days = new HashMap<>();
    if (saved != null) {
      JSON.readTree(saved).get("days").fields().forEachRemaining(e -> days.put(e.getKey(), e.getValue()));
    }
    return days;
  }

  private Map<String, String> overrides() {
    Map<String, String> o = ReplayRun.overrides(stream, "it-errors-" + id, SYMBOLS, DAY, DAY, "max");
    // this test reads health over HTTP
    o.remove("camel.server.enabled");
    o.remove("camel.management.enabled");
    o.put("marketwire.vwap.stream", "it-vwap-" + id);
    o.put("marketwire.vwap.consumer-name", consumer);
    return o;
  }

  private HttpResponse<String> get(String port) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
