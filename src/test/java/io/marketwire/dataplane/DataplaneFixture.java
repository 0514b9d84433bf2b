package io.marketwire.dataplane;

import io.lettuce.core.RedisClient;
import io.marketwire.config.BrokerSettings;
import io.marketwire.dataplane.cache.MarketDataCache;
import io.marketwire.testsupport.BrokerServices;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

/**
 * Names and helpers for data plane tests against the real brokers: a unique exchange, queue prefix
 * and cache prefix per test class (removed afterwards), a free port for the local upstream server,
 * log-in over HTTP and a WebSocket client that records what it receives.
 */
public final class DataplaneFixture implements AutoCloseable {

  public static final List<String> QUEUES = List.of("trades", "quotes", "aggregates", "bars", "scanner");

  public final String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
  public final String exchange = id + ".mdq";
  public final String queuePrefix = id + ".";
  public final String cachePrefix = id + ":";
  public final int upstreamPort = freePort();
  public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final BrokerSettings brokers = BrokerServices.get().settings();

  /** Overrides that point the app at this fixture's names and start the local upstream server. */
  public Map<String, String> overrides() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("marketwire.dataplane.exchange", exchange);
    o.put("marketwire.dataplane.queue-prefix", queuePrefix);
    o.put("marketwire.dataplane.cache.prefix", cachePrefix);
    o.put("marketwire.upstream.server.enabled", "true");
    o.put("marketwire.upstream.server.port", String.valueOf(upstreamPort));
    o.put("marketwire.upstream.reconnect-initial", "100ms");
    return o;
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public CachingConnectionFactory rabbit() {
    CachingConnectionFactory factory = new CachingConnectionFactory(brokers.rabbitHost(), brokers.amqpPort());
    factory.setUsername(brokers.rabbitUsername());
    factory.setPassword(brokers.rabbitPassword());
    factory.setVirtualHost(brokers.virtualHost());
    return factory;
  }

  public RedisClient redis() {
    return RedisClient.create(brokers.redisURI());
  }

  public HttpResponse<String> post(int port, String path, String token, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(int port, String path, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in with the dev users of config/application.properties and returns the token. */
  public String login(int port, String user, String password) throws Exception {
    HttpResponse<String> response =
        post(port, "/api/auth/login", null, "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("log-in failed: " + response.statusCode() + " " + response.body());
    }
    return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("token").asText();
  }

  /** A WebSocket client that keeps every text message it receives, in order. */
  public static final class Client implements WebSocket.Listener, AutoCloseable {
    public final List<String> messages = new CopyOnWriteArrayList<>();
    public final List<Long> receivedNanos = new CopyOnWriteArrayList<>();
    public volatile int closeCode = -1;
    private final StringBuilder partial = new StringBuilder();
    public WebSocket socket;

    public static Client connect(HttpClient http, String url) {
      Client client = new Client();
      client.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(URI.create(url), client).join();
      return client;
    }

    public void send(String text) {
      socket.sendText(text, true).join();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        receivedNanos.add(System.nanoTime());
        messages.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closeCode = statusCode;
      return null;
    }

    @Override
    public void close() {
      if (socket != null && !socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
      }
    }
  }

  /** Deletes this fixture's queues, exchange and cache keys. */
  @Override
  public void close() {
    CachingConnectionFactory factory = rabbit();
    try {
      RabbitAdmin admin = new RabbitAdmin(factory);
      QUEUES.forEach(q -> admin.deleteQueue(queuePrefix + q));
      admin.deleteExchange(exchange);
    } finally {
      factory.destroy();
    }
    RedisClient redis = redis();
    try (MarketDataCache cache = new MarketDataCache(redis, cachePrefix)) {
      cache.clear();
    } finally {
      redis.shutdown();
    }
  }
}
