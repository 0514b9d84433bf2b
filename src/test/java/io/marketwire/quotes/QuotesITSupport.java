package io.marketwire.quotes;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.marketwire.config.BrokerSettings;
import io.marketwire.testsupport.BrokerServices;
import io.marketwire.testsupport.RedisKeys;
import io.marketwire.testsupport.RunningApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One run of the real app on its own stream names, database file and HTTP port (other worktrees'
 * suites may use the shared test port and the same Redis at the same time), plus a plain Lettuce
 * connection for writing and inspecting the streams. {@link #close()} stops the app and deletes
 * every key of the run and the database file.
 */
final class QuotesITSupport implements AutoCloseable {

  static final BrokerSettings SETTINGS = BrokerServices.get().settings();

  final String stream;
  final String alertsStream;
  final Path database;
  final int port;
  final RedisCommands<String, String> redis;
  private final String prefix;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private RunningApp app;

  QuotesITSupport(String name) {
    prefix = "it:quotes:" + name + ":" + UUID.randomUUID().toString().substring(0, 8);
    stream = prefix + ":stock_quotes";
    alertsStream = prefix + ":stock_alerts";
    database = Path.of("target", "it-quotes", prefix.replace(':', '-') + ".db");
    port = freePort();
    RedisURI uri = SETTINGS.redisURI();
    uri.setTimeout(Duration.ofSeconds(10));
    client = RedisClient.create(uri);
    connection = client.connect();
    redis = connection.sync();
  }

  /** The overrides every run needs; tests add their own on top. */
  Map<String, String> overrides() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("marketwire.quotes.stream", stream);
    o.put("marketwire.quotes.alerts-stream", alertsStream);
    o.put("marketwire.quotes.db.url", "jdbc:sqlite:" + database);
    o.put("marketwire.quotes.producer.enabled", "false");
    o.put("marketwire.quotes.consumer-options",
        "count=100&block=200&minIdleTime=1s&reclaimInterval=300&maxDeliveries=3&maxBackoff=1s&consumerName=it");
    o.put("camel.server.port", Integer.toString(port));
    o.put("camel.management.port", Integer.toString(port));
    return o;
  }

  RunningApp start(String routes, Map<String, String> overrides) {
    app = RunningApp.start(routes, overrides);
    return app;
  }

  /** Waits until the consumers created their groups (they do so on their own threads after the start). */
  void awaitGroups(String... groups) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
      try {
        List<Object> info = redis.xinfoGroups(stream);
        String all = info.toString();
        for (String g : groups) {
          if (!all.contains(g)) {
            return false;
          }
        }
        return true;
      } catch (Exception e) {
        return false; // no stream yet
      }
    });
  }

  static final String[] ALL_GROUPS = {"price_alerts", "stock_analyzers", "volume_analysis", "technical_analysis", "market_events", "quote_history"};

  org.apache.camel.CamelContext context() {
    return app.context();
  }

  <T> T bean(String name, Class<T> type) {
    return app.context().getRegistry().lookupByNameAndType(name, type);
  }

  /** XADD exactly these fields, as the seed's Python producer does. */
  String xadd(Map<String, String> fields) {
    return redis.xadd(stream, fields);
  }

  /** A token of a logged-in viewer. */
  String token() {
    return app.context().getRegistry().lookupByNameAndType("tokenService", io.marketwire.web.TokenService.class)
        .issue("viewer", io.marketwire.web.Role.VIEWER);
  }

  /** A GET as a logged-in viewer. */
  HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
    String token = token();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A GET without a token. */
  HttpResponse<String> getAnonymous(String pathAndQuery) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Rows of an SQL query on the run's database, read independently of the app's store. */
  List<List<Object>> sql(String query) throws SQLException {
    return sql(database, query);
  }

  /** Rows of an SQL query on another instance's database file. */
  static List<List<Object>> sql(Path database, String query) throws SQLException {
    List<List<Object>> rows = new ArrayList<>();
    if (!Files.exists(database)) {
      return rows;
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The number a query returns; 0 while the app has not created its tables yet. */
  long sqlCount(String query) throws SQLException {
    List<List<Object>> rows = rowsOnceCreated(database, query);
    return rows.isEmpty() ? 0 : ((Number) rows.get(0).get(0)).longValue();
  }

  /** The rows of a query on a database file; none while the app has not created its tables yet. */
  static List<List<Object>> rowsOnceCreated(Path database, String query) throws SQLException {
    try {
      return sql(database, query);
    } catch (SQLException e) {
      if (String.valueOf(e.getMessage()).contains("no such table")) {
        return List.of();
      }
      throw e;
    }
  }

  long pending(String group) {
    try {
      return redis.xpending(stream, group).getCount();
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      if (app != null) {
        app.close();
      }
    } finally {
      RedisKeys.deleteStartingWith(redis, prefix);
      connection.close();
      client.shutdown();
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(database + suffix));
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
