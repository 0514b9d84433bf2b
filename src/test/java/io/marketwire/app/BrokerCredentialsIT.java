package io.marketwire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.marketwire.cli.MarketwireApp;
import io.marketwire.config.BrokerSettings;
import io.marketwire.dataplane.DataplaneFixture;
import io.marketwire.testsupport.BrokerServices;
import io.marketwire.testsupport.ChildJvm;
import io.marketwire.testsupport.RunningApp;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Health that notices credentials: a start with a wrong RabbitMQ or Redis password ends with one
 * line naming the connection (no stack trace, no ACCESS_REFUSED); and while the app runs, a
 * password that stops working turns each connection's check DOWN with that reason. The shared
 * users are never touched: the running app logs in as a throwaway RabbitMQ user and a throwaway
 * Redis ACL user, whose passwords the test changes and which it deletes afterwards.
 */
class BrokerCredentialsIT {

  private static final BrokerSettings BROKERS = BrokerServices.get().settings();
  private static final ObjectMapper JSON = new ObjectMapper();

  // HTTP/1.1: the management API breaks the connection on an h2c upgrade that carries a body
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String id = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aWrongRabbitMqPasswordEndsTheStartWithOneLine() throws Exception {
    assertStartEndsWith(
        "marketwire.rabbitmq.password",
        "RabbitMQ AMQP at " + BROKERS.rabbitHost() + ":" + BROKERS.amqpPort() + " refused user '" + BROKERS.rabbitUsername()
            + "': authentication failed (check marketwire.rabbitmq.password)");
  }

  @Test
  void aWrongRedisPasswordEndsTheStartWithOneLine() throws Exception {
    assertStartEndsWith(
        "marketwire.redis.password",
        "Redis at " + BROKERS.redisHost() + ":" + BROKERS.redisPort() + " refused user 'default': authentication failed (check marketwire.redis.password)");
  }

  private void assertStartEndsWith(String passwordKey, String line) throws Exception {
    int port = DataplaneFixture.freePort();
    Map<String, String> props = new LinkedHashMap<>();
    props.put(passwordKey, "wrong-" + id);
    props.put("camel.main.routes-include-pattern", "file:routes/system/heartbeat/*.camel.yaml");
    props.put("camel.server.port", Integer.toString(port));
    props.put("camel.management.port", Integer.toString(port));
    Path log = Path.of("target", "it-credentials", passwordKey + ".log");
    try (ChildJvm app = ChildJvm.start(log, props, MarketwireApp.class.getName(), "run", "--profile", "test")) {
      await().atMost(Duration.ofSeconds(90)).until(() -> !app.isAlive());
      assertThat(app.kill()).as("exit code").isEqualTo(1);
    }
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).as("the app's output").anySatisfy(l -> assertThat(l).endsWith(line));
    // that line, and nothing around it: no stack trace, no client exception
    assertThat(lines).noneSatisfy(l -> assertThat(l).startsWith("\tat "));
    assertThat(String.join("\n", lines)).doesNotContain("ACCESS_REFUSED", "WRONGPASS", "AuthenticationFailureException");
  }

  @Test
  void credentialsThatStopWorkingWhileTheAppRunsTurnEachCheckDownWithTheReason() throws Exception {
    String user = "it-health-" + id;
    String password = "it-pw-" + UUID.randomUUID();
    RedisClient redis = RedisClient.create(sharedRedisUri());
    try (StatefulRedisConnection<String, String> admin = redis.connect()) {
      try {
        rabbitAdmin("PUT", "/api/users/" + user, "{\"password\":\"" + password + "\",\"tags\":\"\"}");
        rabbitAdmin("PUT", "/api/permissions/" + enc(BROKERS.virtualHost()) + "/" + user, "{\"configure\":\".*\",\"write\":\".*\",\"read\":\".*\"}");
        admin.sync().aclSetuser(user, AclSetuserArgs.Builder.on().addPassword(password).allKeys().allChannels().allCommands());

        int port = DataplaneFixture.freePort();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("camel.server.port", Integer.toString(port));
        o.put("camel.management.port", Integer.toString(port));
        o.put("marketwire.rabbitmq.username", user);
        o.put("marketwire.rabbitmq.password", password);
        o.put("marketwire.redis.username", user);
        o.put("marketwire.redis.password", password);
        try (RunningApp app = RunningApp.start("file:routes/system/heartbeat/*.camel.yaml,file:routes/dataplane/scp/scp.camel.yaml", o)) {
          await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> health = get(port, "/observe/health", null);
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body())
                .contains("\"name\":\"rabbitmq-amqp\",\"status\":\"UP\"")
                .contains("\"name\":\"rabbitmq-stream\",\"status\":\"UP\"")
                .contains("\"name\":\"redis\",\"status\":\"UP\"");
          });

          // the passwords change under the running app
          rabbitAdmin("PUT", "/api/users/" + user, "{\"password\":\"changed-" + password + "\",\"tags\":\"\"}");
          admin.sync().aclSetuser(user, AclSetuserArgs.Builder.resetpass().addPassword("changed-" + password));

          String rabbit = " refused user '" + user + "': authentication failed (check marketwire.rabbitmq.password)";
          Map<String, String> expected =
              Map.of(
                  "rabbitmq-amqp", "RabbitMQ AMQP at " + BROKERS.rabbitHost() + ":" + BROKERS.amqpPort() + rabbit,
                  "rabbitmq-stream", "RabbitMQ stream at " + BROKERS.rabbitHost() + ":" + BROKERS.streamPort() + rabbit,
                  "redis", "Redis at " + BROKERS.redisHost() + ":" + BROKERS.redisPort() + " refused user '" + user
                      + "': authentication failed (check marketwire.redis.password)");
          await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            HttpResponse<String> probe = get(port, "/observe/health", null);
            assertThat(probe.statusCode()).isEqualTo(503);
            // the open probe says DOWN, and nothing a caller could log in with
            assertThat(probe.body()).contains("\"name\":\"redis\",\"status\":\"DOWN\"").doesNotContain(password, "error-stacktrace");
            // the reasons, as an operator reads them
            HttpResponse<String> control = get(port, "/api/control/health", operatorToken(app));
            assertThat(control.statusCode()).isEqualTo(200);
            JsonNode checks = JSON.readTree(control.body()).path("checks");
            expected.forEach((check, reason) -> assertThat(checks)
                .as(check)
                .anySatisfy(c -> {
                  assertThat(c.path("id").asText()).isEqualTo(check);
                  assertThat(c.path("state").asText()).isEqualTo("DOWN");
                  assertThat(c.path("message").asText()).isEqualTo(reason);
                }));
          });
        }
      } finally {
        // throwaway users only: nothing shared to restore (quietly: a failure above says more)
        rabbitAdmin("DELETE", "/api/users/" + user, null, 204, 404);
        admin.sync().aclDeluser(user);
      }
    } finally {
      redis.shutdown();
    }
  }

  private static String operatorToken(RunningApp app) {
    return app.context().getRegistry().lookupByNameAndType("tokenService", io.marketwire.web.TokenService.class)
        .issue("ops", io.marketwire.web.Role.OPERATOR);
  }

  private HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A call of the RabbitMQ management API as the shared (administrator) user. */
  private void rabbitAdmin(String method, String path, String body) throws Exception {
    rabbitAdmin(method, path, body, 200, 201, 204);
  }

  private void rabbitAdmin(String method, String path, String body, Integer... expected) throws Exception {
    String basic = Base64.getEncoder().encodeToString((BROKERS.rabbitUsername() + ":" + BROKERS.rabbitPassword()).getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + BROKERS.rabbitHost() + ":" + BROKERS.managementPort() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Basic " + basic)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isIn((Object[]) expected);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static RedisURI sharedRedisUri() {
    RedisURI.Builder uri = RedisURI.builder().withHost(BROKERS.redisHost()).withPort(BROKERS.redisPort());
    if (!BROKERS.redisPassword().isEmpty()) {
      uri.withPassword(BROKERS.redisPassword().toCharArray());
    }
    return uri.build();
  }
}
