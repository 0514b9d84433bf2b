package io.marketwire.component.redisstream;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.marketwire.config.BrokerSettings;
import io.marketwire.config.TlsContexts;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis Streams (XADD, XREADGROUP/XACK, XAUTOCLAIM, XREAD) over Lettuce. Endpoints that reach the
 * same Redis with the same settings share one {@link RedisClient} and one multiplexed connection;
 * consumers add a dedicated connection per reading thread because a blocking read occupies it.
 */
@Component("redis-stream")
public class RedisStreamComponent extends DefaultComponent {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStreamComponent.class);

  /**
   * Commands Lettuce may queue per connection (in flight or buffered while reconnecting). Bounded
   * so that a producer outrunning a dead Redis fails fast instead of filling the heap.
   */
  static final int REQUEST_QUEUE_SIZE = 100_000;

  private static final List<String> DURATION_OPTIONS =
      List.of(
          "commandTimeout",
          "minIdAge",
          "block",
          "minIdleTime",
          "reclaimInterval",
          "monitorInterval",
          "maxBackoff");

  @Metadata(description = "Default options of every endpoint of this component.")
  private RedisStreamConfiguration configuration = new RedisStreamConfiguration();

  private final Object lock = new Object();
  private final Map<RedisStreamConfiguration.ConnectionKey, Shared> shared = new HashMap<>();
  private ClientResources resources;

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
      throws Exception {
    if (remaining == null || remaining.isBlank()) {
      throw new IllegalArgumentException(
          "redis-stream: needs a stream name, e.g. redis-stream:stock_quotes");
    }
    RedisStreamConfiguration config = configuration.copy();
    config.setStream(remaining);
    durationsToMillis(parameters);
    RedisStreamEndpoint endpoint = new RedisStreamEndpoint(uri, this, config);
    // No generated configurer (the Camel annotation processor is not run): bind the options onto
    // the configuration by reflection first, then what is left (bridgeErrorHandler,
    // exchangePattern, ...) onto the endpoint; unknown options still fail the endpoint.
    setProperties(config, parameters);
    setProperties(endpoint, parameters);
    endpoint.validate();
    endpoint.resolvePoisonExceptions();
    return endpoint;
  }

  /**
   * Generated configurers turn "30s" into 30000 for Duration-typed options; binding by reflection
   * doesn't, so do it here for those options.
   */
  private static void durationsToMillis(Map<String, Object> parameters) {
    for (String name : DURATION_OPTIONS) {
      Object value = parameters.get(name);
      if (value instanceof String text && !text.isBlank() && !text.trim().matches("-?\\d+")) {
        parameters.put(name, TimeUtils.toMilliSeconds(text.trim()));
      }
    }
  }

  /**
   * The shared multiplexed connection for these settings, connecting on first use. Each call must
   * be paired with {@link #release}.
   */
  StatefulRedisConnection<String, String> acquireShared(RedisStreamConfiguration config) {
    synchronized (lock) {
      Shared s = sharedFor(config);
      if (s.connection == null) {
        s.connection = connect(s.client, config);
      }
      s.users++;
      return s.connection;
    }
  }

  /** A new dedicated connection (caller closes it), for a consumer's blocking reads. */
  StatefulRedisConnection<String, String> connectDedicated(RedisStreamConfiguration config) {
    RedisClient client;
    synchronized (lock) {
      client = sharedFor(config).client;
    }
    return connect(client, config);
  }

  /** One user fewer of the shared connection; the last one closes it and its client. */
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

  private Shared sharedFor(RedisStreamConfiguration config) {
    RedisStreamConfiguration.ConnectionKey key = config.connectionKey();
    Shared s = shared.get(key);
    if (s == null) {
      if (resources == null) {
        resources = DefaultClientResources.create();
      }
      RedisURI.Builder uri =
          BrokerSettings.redisUri(key.host(), key.port(), key.username(), key.password(), key.tls())
              .withDatabase(key.database())
              .withTimeout(Duration.ofMillis(key.commandTimeout()));
      RedisClient client = RedisClient.create(resources, uri.build());
      ClientOptions.Builder options = ClientOptions.builder();
      if (key.tls()) {
        options.sslOptions(TlsContexts.redisSslOptions(key.tlsSettings()));
      }
      client.setOptions(
          options
              // reconnect by itself after a Redis restart and re-send AUTH/SELECT
              .autoReconnect(true)
              // commands issued while disconnected wait for the reconnect, but no longer than
              // their timeout: without this an async XADD could hang forever
              .timeoutOptions(TimeoutOptions.enabled())
              .requestQueueSize(REQUEST_QUEUE_SIZE)
              .build());
      s = new Shared(key, client);
      shared.put(key, s);
      LOG.debug("Created Redis client for {}", key);
    }
    return s;
  }

  private static StatefulRedisConnection<String, String> connect(
      RedisClient client, RedisStreamConfiguration config) {
    try {
      return client.connect();
    } catch (RuntimeException e) {
      // the key's toString has no password
      // Lettuce's own message says only "Unable to connect"; the cause says why (refused,
      // AUTH, a certificate not trusted ...)
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
      throw new RedisStreamException(
          "Cannot connect to Redis at " + config.connectionKey() + ": " + why, e);
    }
  }

  @Override
  protected void doStop() throws Exception {
    synchronized (lock) {
      for (Shared s : shared.values()) {
        s.close();
      }
      shared.clear();
      if (resources != null) {
        resources.shutdown(0, 2, TimeUnit.SECONDS);
        resources = null;
      }
    }
    super.doStop();
  }

  public RedisStreamConfiguration getConfiguration() {
    return configuration;
  }

  /** Default options of every endpoint of this component. */
  public void setConfiguration(RedisStreamConfiguration configuration) {
    this.configuration = configuration;
  }

  public String getHost() {
    return configuration.getHost();
  }

  /** Redis host for every endpoint. */
  public void setHost(String host) {
    configuration.setHost(host);
  }

  public int getPort() {
    return configuration.getPort();
  }

  /** Redis port for every endpoint. */
  public void setPort(int port) {
    configuration.setPort(port);
  }

  public String getUsername() {
    return configuration.getUsername();
  }

  /** ACL user name for every endpoint. */
  public void setUsername(String username) {
    configuration.setUsername(username);
  }

  public String getPassword() {
    return configuration.getPassword();
  }

  /** Redis password for every endpoint. Never logged. */
  public void setPassword(String password) {
    configuration.setPassword(password);
  }

  public boolean isTls() {
    return configuration.isTls();
  }

  /** TLS for every endpoint. */
  public void setTls(boolean tls) {
    configuration.setTls(tls);
  }

  public io.marketwire.config.TlsSettings getTlsSettings() {
    return configuration.getTlsSettings();
  }

  /** With TLS: the trust store (and key store) to verify the server with, e.g. #tlsSettings. */
  public void setTlsSettings(io.marketwire.config.TlsSettings tlsSettings) {
    configuration.setTlsSettings(tlsSettings);
  }

  public int getDatabase() {
    return configuration.getDatabase();
  }

  /** Redis database number for every endpoint. */
  public void setDatabase(int database) {
    configuration.setDatabase(database);
  }

  /** A client and its multiplexed connection for one distinct set of connection settings. */
  private static final class Shared {
    final RedisStreamConfiguration.ConnectionKey key;
    final RedisClient client;
    StatefulRedisConnection<String, String> connection;
    int users;

    Shared(RedisStreamConfiguration.ConnectionKey key, RedisClient client) {
      this.key = key;
      this.client = client;
    }

    void close() {
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (RuntimeException e) {
        LOG.debug("Closing the connection to {} failed", key, e);
      }
      // the resources are the component's: shut down only the client
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
