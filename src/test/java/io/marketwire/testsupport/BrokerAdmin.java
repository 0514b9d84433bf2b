package io.marketwire.testsupport;

import com.rabbitmq.stream.Environment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.marketwire.config.BrokerSettings;

/** Clean-up and inspection of the real brokers for tests: delete streams and Redis keys. */
public final class BrokerAdmin implements AutoCloseable {

  private final BrokerSettings settings = BrokerSettings.fromWorkingDirectory();
  private final Environment environment;
  private final RedisClient redis;

  public BrokerAdmin() {
    environment = io.marketwire.config.StreamEnvironments.create(settings);
    RedisURI.Builder uri = RedisURI.builder().withHost(settings.redisHost()).withPort(settings.redisPort());
    if (!settings.redisPassword().isEmpty()) {
      uri.withPassword(settings.redisPassword().toCharArray());
    }
    redis = RedisClient.create(uri.build());
  }

  public Environment environment() {
    return environment;
  }

  /**
   * Messages in a stream, counted by reading it from the start until nothing new arrives for a
   * second (RabbitMQ 4.0 reports no committed offset, and chunk ids are not message counts).
   */
  public long messageCount(String stream) {
    if (!environment.streamExists(stream)) {
      return 0;
    }
    java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong lastSeen = new java.util.concurrent.atomic.AtomicLong(System.nanoTime());
    try (var consumer =
        environment.consumerBuilder().stream(stream).offset(com.rabbitmq.stream.OffsetSpecification.first())
            .messageHandler((ctx, msg) -> {
              count.incrementAndGet();
              lastSeen.set(System.nanoTime());
            })
            .build()) {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofMinutes(2))
          .pollInterval(java.time.Duration.ofMillis(100))
          .until(() -> System.nanoTime() - lastSeen.get() > 1_000_000_000L);
    }
    return count.get();
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
  public void close() {
    environment.close();
    redis.shutdown();
  }
}
