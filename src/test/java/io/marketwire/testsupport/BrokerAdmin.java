package io.marketwire.testsupport;

import com.rabbitmq.stream.Environment;
import io.lettuce.core.RedisClient;
import io.marketwire.config.BrokerSettings;

/**
 * Clean-up and inspection of the real brokers for tests: delete streams and Redis keys, read a
 * stream, a consumer's stored offset, a queue's or stream's arguments (management API) or a Redis
 * value, open a plain AMQP connection.
 */
public final class BrokerAdmin implements AutoCloseable {

  private final BrokerSettings settings;
  private final Environment environment;
  private final RedisClient redis;
  // one connection for redisValue, which tests poll every few milliseconds
  private io.lettuce.core.api.StatefulRedisConnection<String, String> reader;

  public BrokerAdmin() {
    this(BrokerServices.get().settings());
  }

  /** On brokers other than the test profile's (the cluster profile's, for a benchmark). */
  public BrokerAdmin(BrokerSettings settings) {
    this.settings = settings;
    environment = io.marketwire.component.stream.RabbitMqStreamEnvironments.create(settings);
    redis = RedisClient.create(settings.redisURI());
  }

  /** A queue's or stream's arguments as the broker keeps them ({@code x-max-age}, ...), from the management API. */
  @SuppressWarnings("unchecked")
  public java.util.Map<String, Object> queueArguments(String queue) throws Exception {
    return (java.util.Map<String, Object>) queueInfo(queue).get("arguments");
  }

  /** What the management API says of a queue: {@code messages}, {@code message_stats}, {@code arguments}, ... */
  @SuppressWarnings("unchecked")
  public java.util.Map<String, Object> queueInfo(String queue) throws Exception {
    String body = management("GET", "/api/queues/" + encode(settings.virtualHost()) + "/" + encode(queue));
    return new com.fasterxml.jackson.databind.ObjectMapper().readValue(body, java.util.Map.class);
  }

  /**
   * Closes, from the broker's side, every AMQP connection whose client named it {@code clientName}
   * (as a broker restart or a network failure would for that client alone); returns how many.
   */
  public int closeConnections(String clientName) throws Exception {
    com.fasterxml.jackson.databind.JsonNode connections =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(management("GET", "/api/connections"));
    int closed = 0;
    for (com.fasterxml.jackson.databind.JsonNode connection : connections) {
      if (clientName.equals(connection.path("client_properties").path("connection_name").asText())) {
        management("DELETE", "/api/connections/" + encode(connection.path("name").asText()));
        closed++;
      }
    }
    return closed;
  }

  private static String encode(String part) {
    return java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
  }

  private String management(String method, String path) throws Exception {
    String auth = java.util.Base64.getEncoder().encodeToString(
        (settings.rabbitUsername() + ":" + settings.rabbitPassword()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + settings.rabbitHost() + ":" + settings.managementPort() + path))
            .header("Authorization", "Basic " + auth)
            .method(method, java.net.http.HttpRequest.BodyPublishers.noBody())
            .build();
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  public Environment environment() {
    return environment;
  }

  /**
   * Messages in a stream, counted by reading it from the start until nothing new arrives for a
   * second (RabbitMQ 4.0 reports no committed offset, and chunk ids are not message counts).
   */
  public long messageCount(String stream) {
    java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
    readFromStart(stream, body -> count.incrementAndGet());
    return count.get();
  }

  /** The bodies of every message in a stream, in stream order, read as {@link #messageCount} reads. */
  public java.util.List<byte[]> bodies(String stream) {
    java.util.List<byte[]> bodies = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    readFromStart(stream, bodies::add);
    return java.util.List.copyOf(bodies);
  }

  /**
   * Every message of a stream with the publishing id a named rabbitmq-stream producer wrote into
   * it (application property x-publishing-id; null when none), in stream order.
   */
  public java.util.List<Published> published(String stream) {
    java.util.List<Published> out = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    readMessagesFromStart(
        stream,
        msg -> {
          Object id = msg.getApplicationProperties() == null ? null : msg.getApplicationProperties().get("x-publishing-id");
          out.add(new Published(id == null ? null : ((Number) id).longValue(), msg.getBodyAsBinary()));
        });
    return java.util.List.copyOf(out);
  }

  /** A stored message: its publishing id (null when it carries none) and body. */
  public record Published(Long publishingId, byte[] body) {}

  private void readFromStart(String stream, java.util.function.Consumer<byte[]> onBody) {
    readMessagesFromStart(stream, msg -> onBody.accept(msg.getBodyAsBinary()));
  }

  private void readMessagesFromStart(String stream, java.util.function.Consumer<com.rabbitmq.stream.Message> onMessage) {
    if (!environment.streamExists(stream)) {
      return;
    }
    java.util.concurrent.atomic.AtomicLong lastSeen = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    try (var consumer =
        environment.consumerBuilder().stream(stream).offset(com.rabbitmq.stream.OffsetSpecification.first())
            .messageHandler((ctx, msg) -> {
              onMessage.accept(msg);
              lastSeen.set(System.nanoTime());
            })
            .build()) {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofMinutes(2))
          .pollInterval(java.time.Duration.ofMillis(100))
          .until(() -> System.nanoTime() - lastSeen.get() > 1_000_000_000L);
    }
  }

  /**
   * The offset the broker has stored for a named consumer of a stream, or -1 when none is stored.
   * Asks through a consumer of the same name (the client's API has no other way to query it),
   * so call it only while no consumer of that name runs: it does not take part in single active
   * consumer and stores nothing.
   */
  public long storedOffset(String stream, String consumerName) {
    try (var probe =
        environment.consumerBuilder().stream(stream).name(consumerName)
            .offset(com.rabbitmq.stream.OffsetSpecification.next())
            .manualTrackingStrategy().builder()
            .messageHandler((ctx, msg) -> {})
            .build()) {
      return probe.storedOffset();
    } catch (com.rabbitmq.stream.NoOffsetException e) {
      return -1;
    }
  }

  /** The string value of a Redis key, or null when there is none. */
  public synchronized String redisValue(String key) {
    if (reader == null || !reader.isOpen()) {
      reader = redis.connect();
    }
    return reader.sync().get(key);
  }

  /** A plain AMQP 0-9-1 connection to the project's RabbitMQ, named {@code name} (close it). */
  public static com.rabbitmq.client.Connection amqpConnection(String name) throws Exception {
    return amqpFactory().newConnection(name);
  }

  /** Plain AMQP 0-9-1 connection settings for the project's RabbitMQ. */
  public static com.rabbitmq.client.ConnectionFactory amqpFactory() {
    BrokerSettings broker = BrokerServices.get().settings();
    com.rabbitmq.client.ConnectionFactory factory = new com.rabbitmq.client.ConnectionFactory();
    factory.setHost(broker.rabbitHost());
    factory.setPort(broker.amqpPort());
    factory.setVirtualHost(broker.virtualHost());
    factory.setUsername(broker.rabbitUsername());
    factory.setPassword(broker.rabbitPassword());
    return factory;
  }

  public void deleteStreams(String... streams) {
    for (String stream : streams) {
      try {
        environment.deleteStream(stream);
      } catch (RuntimeException ignored) {
        // not there: nothing to clean
      }
    }
  }

  /** Declares the super stream {@code name} with partitions {@code name-0..name-(partitions-1)}. */
  public void createSuperStream(String name, int partitions) {
    environment.streamCreator().name(name).superStream().partitions(partitions).creator().create();
  }

  /** How many of a super stream's partitions hold messages: whether its keys spread over them. */
  public long partitionsWithMessages(String superStream, int partitions) {
    return io.marketwire.marketdata.MarketDataPartitions.names(superStream, partitions).stream().filter(p -> messageCount(p) > 0).count();
  }

  /**
   * Publishes {@code ticks} in order as the producer route stores them, and waits for every
   * confirm: the symbol as filter value ({@code x-filter-value}) and, on a super stream, as the
   * routing key (hashed, as the route's). A plain stream is created when it does not exist.
   */
  public void publishTicks(String stream, boolean superStream, java.util.List<io.marketwire.model.MarketData> ticks)
      throws InterruptedException {
    if (!superStream && !environment.streamExists(stream)) {
      environment.streamCreator().stream(stream).create();
    }
    io.marketwire.model.MarketDataCodec codec = new io.marketwire.model.MarketDataCodec();
    java.util.concurrent.CountDownLatch confirmed = new java.util.concurrent.CountDownLatch(ticks.size());
    var builder = environment.producerBuilder();
    if (superStream) {
      builder.superStream(stream).routing(m -> m.getApplicationProperties().get("x-filter-value").toString()).producerBuilder();
    } else {
      builder.stream(stream);
    }
    builder.filterValue(m -> m.getApplicationProperties().get("x-filter-value").toString());
    try (com.rabbitmq.stream.Producer producer = builder.build()) {
      for (io.marketwire.model.MarketData tick : ticks) {
        producer.send(
            producer.messageBuilder().applicationProperties().entry("x-filter-value", tick.symbol()).messageBuilder()
                .addData(codec.encodeBinary(tick)).build(),
            status -> confirmed.countDown());
      }
      if (!confirmed.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
        throw new IllegalStateException("not every tick published to " + stream + " was confirmed in 30 s");
      }
    }
  }

  /** Deletes super streams (their partitions and exchange); those not there are skipped. */
  public void deleteSuperStreams(String... superStreams) {
    for (String superStream : superStreams) {
      try {
        environment.deleteSuperStream(superStream);
      } catch (RuntimeException ignored) {
        // not there: nothing to clean
      }
    }
  }

  public void deleteRedisKeys(String... keys) {
    try (var connection = redis.connect()) {
      connection.sync().del(keys);
    }
  }

  public boolean redisKeyExists(String key) {
    try (var connection = redis.connect()) {
      return connection.sync().exists(key) > 0;
    }
  }

  @Override
  public synchronized void close() {
    if (reader != null) {
      reader.close();
    }
    environment.close();
    redis.shutdown();
  }
}
