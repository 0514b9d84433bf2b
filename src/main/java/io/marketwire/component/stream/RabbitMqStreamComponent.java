package io.marketwire.component.stream;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Producer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.support.HealthCheckComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rabbitmq-stream component: RabbitMQ Streams through com.rabbitmq:stream-client.
 *
 * <p>A stream-client {@code Environment} holds connections, thread pools and the topology cache, so
 * it is heavy and meant to be one per application: endpoints with the component's connection
 * settings use the {@code environment} bound in the registry (autowired; the app binds {@code
 * streamEnvironment} and closes it), never closed here. Without one, and for an endpoint that sets
 * connection options of its own, the component keeps one per distinct connection settings, shared
 * by every endpoint with those settings and reference-counted; the last endpoint to stop closes it
 * and {@link #doStop()} closes whatever is left.
 */
@Component("rabbitmq-stream")
public class RabbitMqStreamComponent extends HealthCheckComponent implements HeaderFilterStrategyAware {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqStreamComponent.class);

  @Metadata(description = "Shared configuration, copied into every endpoint before its URI options.")
  private RabbitMqStreamConfiguration configuration = new RabbitMqStreamConfiguration();

  @Metadata(
      label = "advanced",
      autowired = true,
      description =
          "The application's stream environment, used by every endpoint that keeps the component's"
              + " connection settings, and closed by its owner. None: the component builds and"
              + " closes its own.")
  private Environment environment;

  @Metadata(
      label = "filter",
      description =
          "To use a custom HeaderFilterStrategy to filter headers to and from Camel messages;"
              + " none: RabbitMqStreamHeaderFilterStrategy.")
  private HeaderFilterStrategy headerFilterStrategy;

  private final Map<RabbitMqStreamConnection, SharedEnvironment> environments = new HashMap<>();

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
      throws Exception {
    if (remaining == null || remaining.isBlank()) {
      throw new IllegalArgumentException(
          "rabbitmq-stream needs a stream name: rabbitmq-stream:<stream>?options");
    }
    RabbitMqStreamConfiguration copy = configuration.copy();
    copy.setStream(remaining);
    RabbitMqStreamEndpoint endpoint = new RabbitMqStreamEndpoint(uri, this, copy);
    if (getHeaderFilterStrategy() != null) {
      endpoint.setHeaderFilterStrategy(getHeaderFilterStrategy());
    }
    RabbitMqStreamStrictOptions.check(parameters);
    // the generated configurer binds every option, the configuration's included
    setProperties(endpoint, parameters);
    // check the options together now, so that a wrong combination fails while the route is created
    endpoint.validate();
    return endpoint;
  }

  /** Takes a reference on the environment for these connection settings, creating it if needed. */
  synchronized Environment acquireEnvironment(RabbitMqStreamConfiguration config) {
    RabbitMqStreamConnection key = connectionOf(config);
    if (usesBoundEnvironment(key)) {
      return environment;
    }
    SharedEnvironment shared = environments.get(key);
    if (shared == null) {
      LOG.info("Creating stream environment for {}", key);
      shared = new SharedEnvironment(buildEnvironment(config));
      environments.put(key, shared);
    }
    shared.references++;
    return shared.environment;
  }

  /** Gives a reference back; the last one closes the environment. */
  synchronized void releaseEnvironment(RabbitMqStreamConfiguration config) {
    RabbitMqStreamConnection key = connectionOf(config);
    if (usesBoundEnvironment(key)) {
      return;
    }
    SharedEnvironment shared = environments.get(key);
    if (shared != null && --shared.references <= 0) {
      environments.remove(key);
      LOG.info("Closing stream environment for {}", key);
      closeQuietly(shared.environment);
    }
  }

  private boolean usesBoundEnvironment(RabbitMqStreamConnection key) {
    return environment != null && key.equals(connectionOf(configuration));
  }

  private Environment buildEnvironment(RabbitMqStreamConfiguration c) {
    return RabbitMqStreamEnvironments.create(connectionOf(c), getCamelContext().getName(), false);
  }

  /** What makes two endpoints share a connection. */
  static RabbitMqStreamConnection connectionOf(RabbitMqStreamConfiguration c) {
    return new RabbitMqStreamConnection(
        c.getHost(),
        c.getPort(),
        RabbitMqStreamEndpoint.csv(c.getUris()),
        c.getUsername(),
        c.getPassword(),
        c.getVirtualHost(),
        c.isTls(),
        c.isTlsTrustAll(),
        c.tlsSettings());
  }

  /**
   * The last publishing id the broker stored for {@code producerName} on a plain {@code stream}, 0
   * when it stored none or the stream does not exist. Asked on a connection of its own, so that it
   * never meets a running producer of the same name on a shared connection.
   */
  public long lastPublishingId(String stream, String producerName) {
    try (Environment environment = buildEnvironment(configuration)) {
      if (!environment.streamExists(stream)) {
        return 0;
      }
      Producer producer = environment.producerBuilder().stream(stream).name(producerName).build();
      try {
        return producer.getLastPublishingId();
      } finally {
        producer.close();
      }
    }
  }

  /**
   * Whether {@code stream} exists, asked on a new connection of its own with the component's
   * credentials: the health check's probe, so that a password that stopped working shows at once
   * rather than at the next reconnect. The connection's threads are released in the background
   * (closing takes a second).
   */
  public boolean streamExistsOnNewConnection(String stream) {
    Environment environment = buildEnvironment(configuration);
    try {
      return environment.streamExists(stream);
    } finally {
      CompletableFuture.runAsync(() -> closeQuietly(environment));
    }
  }

  @Override
  protected synchronized void doStop() throws Exception {
    for (Map.Entry<RabbitMqStreamConnection, SharedEnvironment> e : environments.entrySet()) {
      LOG.info("Closing stream environment for {}", e.getKey());
      closeQuietly(e.getValue().environment);
    }
    environments.clear();
    super.doStop();
  }

  private static void closeQuietly(Environment environment) {
    try {
      environment.close();
    } catch (RuntimeException e) {
      LOG.warn("Error while closing stream environment: {}", e.getMessage());
    }
  }

  public RabbitMqStreamConfiguration getConfiguration() {
    return configuration;
  }

  public void setConfiguration(RabbitMqStreamConfiguration configuration) {
    this.configuration = configuration;
  }

  @Override
  public HeaderFilterStrategy getHeaderFilterStrategy() {
    return headerFilterStrategy;
  }

  @Override
  public void setHeaderFilterStrategy(HeaderFilterStrategy headerFilterStrategy) {
    this.headerFilterStrategy = headerFilterStrategy;
  }

  public Environment getEnvironment() {
    return environment;
  }

  public void setEnvironment(Environment environment) {
    this.environment = environment;
  }

  /** Number of environments currently open (for tests and diagnostics). */
  public synchronized int openEnvironments() {
    return environments.size();
  }

  private static final class SharedEnvironment {
    final Environment environment;
    int references;

    SharedEnvironment(Environment environment) {
      this.environment = environment;
    }
  }
}
