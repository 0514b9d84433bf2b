package io.marketwire.component.stream;

import com.rabbitmq.stream.Address;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.EnvironmentBuilder;
import com.rabbitmq.stream.Producer;
import io.marketwire.config.TlsContexts;
import io.marketwire.config.TlsSettings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.HeaderFilterStrategyComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rabbitmq-stream component: RabbitMQ Streams through com.rabbitmq:stream-client.
 *
 * <p>A stream-client {@code Environment} holds connections, thread pools and the topology cache, so
 * it is heavy: the component keeps one per distinct connection settings, shared by every endpoint
 * with those settings and reference-counted; the last endpoint to stop closes it and {@link
 * #doStop()} closes whatever is left.
 */
@Component("rabbitmq-stream")
public class RabbitMqStreamComponent extends HeaderFilterStrategyComponent {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqStreamComponent.class);

  @Metadata(description = "Shared configuration, copied into every endpoint before its URI options.")
  private RabbitMqStreamConfiguration configuration = new RabbitMqStreamConfiguration();

  private final Map<ConnectionKey, SharedEnvironment> environments = new HashMap<>();

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
    ConnectionKey key = ConnectionKey.of(config);
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
    ConnectionKey key = ConnectionKey.of(config);
    SharedEnvironment shared = environments.get(key);
    if (shared != null && --shared.references <= 0) {
      environments.remove(key);
      LOG.info("Closing stream environment for {}", key);
      closeQuietly(shared.environment);
    }
  }

  private Environment buildEnvironment(RabbitMqStreamConfiguration c) {
    // the Camel context's name prefixes the connection names the broker shows (client property
    // connection_name): app instances named apart (camel.main.name) are told apart there
    EnvironmentBuilder builder = Environment.builder().id(getCamelContext().getName());
    if (c.getUris() != null && !c.getUris().isBlank()) {
      builder.uris(
          Arrays.stream(c.getUris().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    } else {
      builder.host(c.getHost()).port(c.getPort());
      // the broker advertises its own host name for leaders and replicas; with a single
      // configured host (a load balancer, a tunnel or a chroot on loopback) always dial it
      Address entry = new Address(c.getHost(), c.getPort());
      builder.addressResolver(address -> entry);
    }
    builder.username(c.getUsername()).password(c.getPassword()).virtualHost(c.getVirtualHost());
    if (c.isTls()) {
      EnvironmentBuilder.TlsConfiguration tls = builder.tls();
      if (c.isTlsTrustAll()) {
        tls.trustEverything();
      } else {
        tls.sslContext(TlsContexts.streamSslContext(c.tlsSettings()));
      }
    }
    return builder.build();
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
      java.util.concurrent.CompletableFuture.runAsync(() -> closeQuietly(environment));
    }
  }

  @Override
  protected synchronized void doStop() throws Exception {
    for (Map.Entry<ConnectionKey, SharedEnvironment> e : environments.entrySet()) {
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

  /** What makes two endpoints share a connection; {@link #toString()} leaves the password out. */
  record ConnectionKey(
      String host,
      int port,
      List<String> uris,
      String username,
      String password,
      String virtualHost,
      boolean tls,
      boolean tlsTrustAll,
      TlsSettings tlsSettings) {

    static ConnectionKey of(RabbitMqStreamConfiguration c) {
      List<String> uris =
          c.getUris() == null || c.getUris().isBlank()
              ? List.of()
              : Arrays.stream(c.getUris().split(",")).map(String::trim).toList();
      return new ConnectionKey(
          c.getHost(),
          c.getPort(),
          uris,
          c.getUsername(),
          Objects.toString(c.getPassword(), ""),
          c.getVirtualHost(),
          c.isTls(),
          c.isTlsTrustAll(),
          c.tlsSettings());
    }

    @Override
    public String toString() {
      String where = uris.isEmpty() ? host + ":" + port : uris.size() + " uri(s)";
      return where + " vhost=" + virtualHost + " user=" + username + " tls=" + tls;
    }
  }
}
