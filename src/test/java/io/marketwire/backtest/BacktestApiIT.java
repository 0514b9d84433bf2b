package io.marketwire.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketwire.testsupport.RunningApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** GET /api/backtests and /api/backtests/{id}: the reports on disk, behind the token check. */
class BacktestApiIT {

  @Test
  void theLastReportsAreServedWithATokenOnly() throws Exception {
    Path dir = Path.of("target", "it-backtest-api-" + UUID.randomUUID().toString().substring(0, 8));
    Map<String, Object> report = new java.util.LinkedHashMap<>(Map.of("id", "abc123", "from", "2024-03-01", "to", "2024-03-01",
        "symbols", List.of("AZO"), "ticks", 3, "runs", List.of(Map.of("variant", "x()", "total", Map.of("pnl", 1.5), "equity", List.of()))));
    Files.createDirectories(dir.resolve("abc123"));
    Files.write(dir.resolve("abc123").resolve("report.json"), BacktestReports.json(report));
    int port = 18000 + (int) (Math.random() * 900);
    Map<String, String> o = new java.util.HashMap<>();
    o.put("camel.server.port", Integer.toString(port));
    o.put("camel.management.port", Integer.toString(port));
    o.put("marketwire.backtest.report-directory", dir.toString());
    try (RunningApp app = RunningApp.start("file:routes/backtest/api/api.camel.yaml,file:routes/dataplane/scp/scp.camel.yaml", o)) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/backtests")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
      String login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/auth/login")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"viewer\",\"password\":\"viewer-dev\"}")).build(), HttpResponse.BodyHandlers.ofString()).body();
      String token = login.replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
      HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(base + "/api/backtests")).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(list.statusCode()).isEqualTo(200);
      assertThat(list.body()).contains("\"abc123\"").contains("\"x()\"").contains("finishedAt");
      HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create(base + "/api/backtests/abc123")).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(one.statusCode()).isEqualTo(200);
      assertThat(one.body()).contains("\"ticks\":3");
      assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/backtests/0ff")).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
