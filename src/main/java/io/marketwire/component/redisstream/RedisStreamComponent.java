package io.marketwire.component.redisstream;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.marketwire.config.BrokerSettings;
import io.marketwire.config.TlsContexts;
import io.marketwire.config.TlsSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HeaderFilterStrategyComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis Streams (XADD, XREADGROUP/XACK, XAUTOCLAIM, XREAD) over Lettuce. All endpoints use one
 * {@link RedisClient}: the app's when one is bound (autowired), else the component's own. Endpoints
 * that reach the same Redis with the same settings share one multiplexed connection; consumers add
 * a dedicated connection per reading thread because a blocking read occupies it.
 */
@Component("redis-stream")
public class RedisStreamComponent extends HeaderFilterStrategyComponent {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStreamComponent.class);

  // bounded so that a producer outrunning a dead Redis fails fast instead of filling the heap
  static final int REQUEST_QUEUE_SIZE = 100_000;

  @Metadata(description = "Default options of every endpoint of this component.")
  private RedisStreamConfiguration configuration = new RedisStreamConfiguration();

  @Metadata(
      label = "advanced",
      autowired = true,
      description =
          "The Lettuce client every endpoint connects through (its threads and client options,"
              + " TLS trust included); the endpoints' host, port and credentials pick the server."
              + " Build it with clientOptions() so reconnects, timeouts and the queue bound"
              + " behave as documented. None bound: the component creates and closes its own.")
  private RedisClient redisClient;

  private final Object lock = new Object();
  private final Map<RedisStreamConfiguration.ConnectionKey, Shared> shared = new HashMap<>();
  private boolean ownsClient;

  /**
   * The client options the component relies on: reconnect by itself after a Redis restart and
   * re-send AUTH/SELECT; commands issued while disconnected wait for the reconnect but no longer
   * than their timeout (without that an async XADD could hang forever); a bounded command queue.
   */
  public static ClientOptions clientOptions(boolean tls, TlsSettings tlsSettings) {
    ClientOptions.Builder options =
        ClientOptions.builder()
            .autoReconnect(true)
            .timeoutOptions(TimeoutOptions.enabled())
            .requestQueueSize(REQUEST_QUEUE_SIZE);
    if (tls) {
      options.sslOptions(
          TlsContexts.redisSslOptions(tlsSettings == null ? TlsSettings.JDK_DEFAULTS : tlsSettings));
    }
    return options.build();
  }

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
      throws Exception {
    if (remaining == null || remaining.isBlank()) {
      throw new IllegalArgumentException(
          "redis-stream: needs a stream name, e.g. redis-stream:stock_quotes");
    }
    RedisStreamConfiguration config = configuration.copy();
    config.setStream(remaining);
    RedisStreamEndpoint endpoint = new RedisStreamEndpoint(uri, this, config);
    setEndpointHeaderFilterStrategy(endpoint);
    setProperties(endpoint, parameters);
    if (!Objects.equals(config.tlsSettings(), configuration.tlsSettings())) {
      throw new IllegalArgumentException(
          "redis-stream:"
              + remaining
              + ": tlsSettings is a component option (the one Redis client's trust), not an"
              + " endpoint option");
    }
    endpoint.validate();
    endpoint.resolvePoisonExceptions();
    return endpoint;
  }

  /**
   * The shared multiplexed connection for these settings, connecting on first use. Each call must
   * be paired with {@link #release}.
   */
  StatefulRedisConnection<String, String> acquireShared(RedisStreamConfiguration config) {
    synchronized (lock) {
      RedisStreamConfiguration.ConnectionKey key = config.connectionKey();
      Shared s = shared.computeIfAbsent(key, Shared::new);
      if (s.connection == null) {
        s.connection = connect(key);
      }
      s.users++;
      return s.connection;
    }
  }

  /** A new dedicated connection (caller closes it), for a consumer's blocking reads. */
  StatefulRedisConnection<String, String> connectDedicated(RedisStreamConfiguration config) {
    return connect(config.connectionKey());
  }

  /** One user fewer of the shared connection; the last one closes it. */
  void release(RedisStreamConfiguration config) {
    Shared toClose = null;
    synchronized (lock) {
      RedisStreamConfiguration.ConnectionKey key = config.connectionKey();
      Shared s = shared.get(key);
      if (s != null && --s.users <= 0) {
        shared.remove(key);
        toClose = s;
      }
    }
    if (toClose != null) {
      toClose.close();
    }
  }

  private RedisClient client() {
    synchronized (lock) {
      if (redisClient == null) {
        redisClient = RedisClient.create();
        redisClient.setOptions(clientOptions(configuration.isTls(), configuration.getTlsSettings()));
        ownsClient = true;
        LOG.debug("Created the component's own Redis client");
      }
      return redisClient;
    }
  }

  private StatefulRedisConnection<String, String> connect(
      RedisStreamConfiguration.ConnectionKey key) {
    RedisURI uri =
        BrokerSettings.redisUri(key.host(), key.port(), key.username(), key.password(), key.tls())
            .withDatabase(key.database())
            .withTimeout(Duration.ofMillis(key.commandTimeout()))
            .build();
    try {
      return client().connect(uri);
    } catch (RuntimeException e) {
      // Lettuce's own message says only "Unable to connect"; the root cause says why (refused,
      // WRONGPASS, a certificate not trusted ...). The key's toString has no password.
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
      throw new RedisStreamException("Cannot connect to Redis at " + key + ": " + why, e);
    }
  }

  @Override
  protected void doStop() throws Exception {
    synchronized (lock) {
      for (Shared s : shared.values()) {
        s.close();
      }
      shared.clear();
      if (ownsClient) {
        redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        redisClient = null;
        ownsClient = false;
      }
    }
    super.doStop();
  }

  public RedisStreamConfiguration getConfiguration() {
    return configuration;
  }

  public void setConfiguration(RedisStreamConfiguration configuration) {
    this.configuration = configuration;
  }

  public RedisClient getRedisClient() {
    return redisClient;
  }

  public void setRedisClient(RedisClient redisClient) {
    this.redisClient = redisClient;
  }

  /** The multiplexed connection of one distinct set of connection settings, and its users. */
  private static final class Shared {
    final RedisStreamConfiguration.ConnectionKey key;
    StatefulRedisConnection<String, String> connection;
    int users;

    Shared(RedisStreamConfiguration.ConnectionKey key) {
      this.key = key;
    }

    void close() {
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (RuntimeException e) {
        LOG.debug("Closing the connection to {} failed", key, e);
      }
    }
  }
}
