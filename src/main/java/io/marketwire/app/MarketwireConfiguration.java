package io.marketwire.app;

import com.rabbitmq.stream.Environment;
import io.lettuce.core.RedisClient;
import io.marketwire.app.health.BrokerChecks;
import io.marketwire.component.redisstream.RedisStreamComponent;
import io.marketwire.config.BrokerSettings;
import io.marketwire.config.RoutingRulesHolder;
import io.marketwire.component.stream.RabbitMqStreamConnection;
import io.marketwire.component.stream.RabbitMqStreamEnvironments;
import io.marketwire.config.TlsContexts;
import io.marketwire.config.TlsSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.PropertyInject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The beans every flow shares: one client per broker (an AMQP connection factory with publisher
 * confirms and returns on and heartbeats set, a stream environment, a Redis client, each closed
 * once when the app stops), the live routing rules, the route-file watcher and the
 * broker checks ({@link BrokerChecks}: health per connection, refused credentials end the start). Routes refer to them by name.
 */
public class MarketwireConfiguration implements CamelConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(MarketwireConfiguration.class);

  // the lazy clients this configuration made, closed when the context stops (never made: nothing)
  private volatile Environment streamEnvironment;
  private volatile RedisClient redisClient;

  @BindToRegistry("rabbitConnectionFactory")
  public CachingConnectionFactory rabbitConnectionFactory(
      @PropertyInject("marketwire.rabbitmq.host") String host,
      @PropertyInject("marketwire.rabbitmq.port") int port,
      @PropertyInject("marketwire.rabbitmq.addresses") String addresses,
      @PropertyInject("marketwire.rabbitmq.virtual-host") String virtualHost,
      @PropertyInject("marketwire.rabbitmq.username") String username,
      @PropertyInject("marketwire.rabbitmq.password") String password,
      @PropertyInject("marketwire.rabbitmq.tls") boolean tls,
      @PropertyInject("marketwire.rabbitmq.heartbeat") Duration heartbeat,
      @BeanInject("tlsSettings") TlsSettings tlsSettings)
      throws Exception {
    CachingConnectionFactory factory = new CachingConnectionFactory(host, port);
    if (!addresses.isBlank()) {
      // a cluster: each connection goes to a node picked at random and recovers to another
      factory.setAddresses(addresses);
      factory.setAddressShuffleMode(
          org.springframework.amqp.rabbit.connection.AbstractConnectionFactory.AddressShuffleMode.RANDOM);
    }
    factory.setVirtualHost(virtualHost);
    factory.setUsername(username);
    factory.setPassword(password);
    if (tls) {
      // certificate and host name verified against marketwire.tls.trust-store (docs/tls.md)
      TlsContexts.secure(
          factory.getRabbitConnectionFactory(),
          tlsSettings);
    }
    // a dead peer is noticed within two heartbeats; Spring's own recovery then reconnects (the
    // AMQP protocol negotiates the heartbeat in whole seconds)
    factory.setRequestedHeartBeat(Math.toIntExact(heartbeat.toSeconds()));
    factory.setConnectionTimeout(5_000);
    factory.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
    factory.setPublisherReturns(true);
    factory.setConnectionNameStrategy(cf -> "marketwire");
    return factory;
  }

  /**
   * The app's one stream environment, which the rabbitmq-stream component is given
   * (camel.component.rabbitmq-stream.environment). It connects on first use, so the app starts
   * while RabbitMQ is away and each route finds out itself (the supervising route controller
   * retries it). Lazy: a process without stream routes never opens it.
   */
  @BindToRegistry(value = "streamEnvironment", lazy = true)
  public Environment streamEnvironment(
      @PropertyInject("marketwire.rabbitmq.host") String host,
      @PropertyInject("marketwire.rabbitmq.stream-port") int port,
      @PropertyInject("marketwire.rabbitmq.stream-uris") String uris,
      @PropertyInject("marketwire.rabbitmq.virtual-host") String virtualHost,
      @PropertyInject("marketwire.rabbitmq.username") String username,
      @PropertyInject("marketwire.rabbitmq.password") String password,
      @PropertyInject("marketwire.rabbitmq.tls") boolean tls,
      @PropertyInject("camel.main.name") String name,
      @BeanInject("tlsSettings") TlsSettings tlsSettings) {
    Environment environment =
        RabbitMqStreamEnvironments.create(
            new RabbitMqStreamConnection(
                host, port, BrokerSettings.list(uris), username, password, virtualHost, tls, false, tlsSettings),
            name.isBlank() ? null : name,
            true);
    streamEnvironment = environment;
    return environment;
  }

  // lazy: Lettuce starts its threads on create, so create it once, when first used
  @BindToRegistry(value = "redisClient", lazy = true)
  public RedisClient redisClient(
      @PropertyInject("marketwire.redis.host") String host,
      @PropertyInject("marketwire.redis.port") int port,
      @PropertyInject("marketwire.redis.username") String username,
      @PropertyInject("marketwire.redis.password") String password,
      @PropertyInject("marketwire.redis.tls") boolean tls,
      @BeanInject("tlsSettings") TlsSettings tlsSettings) {
    RedisClient client = newRedisClient(host, port, username, password, tls, tlsSettings);
    redisClient = client;
    return client;
  }

  /**
   * The one way Marketwire sets up a Redis client: the app's bean, and the commands that run
   * outside Camel (chaos) build theirs here so they connect exactly as the app does.
   */
  public static RedisClient newRedisClient(
      String host, int port, String username, String password, boolean tls, TlsSettings tlsSettings) {
    RedisClient client =
        RedisClient.create(
            BrokerSettings.redisUri(host, port, username, password, tls)
                .withTimeout(Duration.ofSeconds(5))
                .build());
    // the redis-stream component connects through this client too (one client for the app)
    client.setOptions(RedisStreamComponent.clientOptions(tls, tlsSettings));
    return client;
  }

  /** A client for these broker settings' default user, set up as the app's. */
  public static RedisClient newRedisClient(BrokerSettings brokers) {
    return newRedisClient(
        brokers.redisHost(), brokers.redisPort(), "", brokers.redisPassword(), brokers.redisTls(), brokers.tls());
  }

  /** The client for the default user (password only), as TLS tests build it. */
  public RedisClient redisClient(String host, int port, String password, boolean tls, TlsSettings tlsSettings) {
    return newRedisClient(host, port, "", password, tls, tlsSettings);
  }

  /** What every TLS connection trusts (marketwire.tls.*); the stream components take it as #tlsSettings. */
  @BindToRegistry("tlsSettings")
  public TlsSettings tlsSettings(
      @PropertyInject("marketwire.tls.trust-store") String trustStore,
      @PropertyInject("marketwire.tls.trust-store-password")
          String trustStorePassword,
      @PropertyInject("marketwire.tls.key-store") String keyStore,
      @PropertyInject("marketwire.tls.key-store-password")
          String keyStorePassword) {
    return new TlsSettings(trustStore, trustStorePassword, keyStore, keyStorePassword);
  }

  @BindToRegistry("routingRules")
  public RoutingRulesHolder routingRules(
      @PropertyInject("marketwire.routing.file") String file,
      @PropertyInject("marketwire.routing.reload-interval") Duration interval,
      @PropertyInject("marketwire.market-data.stream") String defaultStream) {
    return new RoutingRulesHolder(Path.of(file), interval, defaultStream);
  }

  @PropertyInject("marketwire.routes.reload-enabled")
  private boolean routesReload;

  @PropertyInject("marketwire.routes.directory")
  private String routesDirectory;

  @PropertyInject("marketwire.metrics.route-policy-exclude")
  private String routePolicyExclude;

  @Override
  public void configure(CamelContext context) throws Exception {
    if (routesReload) {
      context.addService(new RouteFileWatcher(Path.of(routesDirectory.trim()), Duration.ofMillis(300)));
    }
    context.addService(context.getRegistry().lookupByNameAndType("routingRules", RoutingRulesHolder.class));
    context.addService(new SharedClientsShutdown());
    BrokerChecks.register(context);
    if (!RouteMetricsExclusions.apply(context, routePolicyExclude)) {
      LOG.warn("marketwire.metrics.route-policy-exclude is set but Camel's Micrometer route policy is off; nothing to exclude");
    }
  }

  /** Closes the shared clients that were made, once, when the app stops. */
  private final class SharedClientsShutdown extends org.apache.camel.support.service.ServiceSupport {
    @Override
    protected void doStop() {
      Environment environment = streamEnvironment;
      streamEnvironment = null;
      if (environment != null) {
        try {
          environment.close();
        } catch (RuntimeException e) {
          LOG.warn("Error while closing the stream environment: {}", e.getMessage());
        }
      }
      RedisClient client = redisClient;
      redisClient = null;
      if (client != null) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    }
  }
}
