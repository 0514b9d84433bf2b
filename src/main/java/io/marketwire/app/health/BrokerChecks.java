package io.marketwire.app.health;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.marketwire.component.stream.RabbitMqStreamComponent;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The app's three broker connections (AMQP, streams, Redis), each probed with a fresh
 * authenticated connection and a cheap operation: a health check per connection, and a check at
 * start that ends the start with one line naming the connection when a broker refuses the
 * credentials. A broker that is merely down does not stop the start: the routes connect when it is
 * back, and health says DOWN meanwhile.
 */
public final class BrokerChecks {

  private BrokerChecks() {}

  /** Registers the health checks and the start-up credentials check on {@code context}. */
  public static void register(CamelContext context) throws Exception {
    List<BrokerProbe> probes = probes(context);
    HealthCheckRegistry registry = HealthCheckRegistry.get(context);
    if (registry != null) {
      probes.forEach(p -> registry.register(new BrokerHealthCheck(p)));
    }
    // forced: started with the context, ahead of the services that connect (the order topology)
    context.addService(new CredentialsCheckAtStart(probes), true, true);
  }

  static List<BrokerProbe> probes(CamelContext context) {
    PropertiesComponent props = context.getPropertiesComponent();
    String rabbitUser = setting(props, "marketwire.rabbitmq.username");
    // blank: Redis's default user
    String redisUser = present(props, "marketwire.redis.username");
    CachingConnectionFactory amqp =
        context.getRegistry().lookupByNameAndType("rabbitConnectionFactory", CachingConnectionFactory.class);
    RabbitMqStreamComponent streams = context.getComponent("rabbitmq-stream", RabbitMqStreamComponent.class);
    String stream = setting(props, "marketwire.market-data.stream");
    // on a cluster every node (the lists the AMQP factory and the stream component get), so that
    // losing one node does not blind the checks; on one node the lists are empty
    String amqpNodes = optional(props, "marketwire.rabbitmq.addresses").orElse(amqp.getHost() + ":" + amqp.getPort());
    String streamNodes =
        optional(props, "marketwire.rabbitmq.stream-uris")
            .orElse(setting(props, "marketwire.rabbitmq.host") + ":" + setting(props, "marketwire.rabbitmq.stream-port"));
    return List.of(
        new BrokerProbe(
            "rabbitmq-amqp",
            "RabbitMQ AMQP",
            amqpNodes,
            rabbitUser,
            "marketwire.rabbitmq.password",
            new AmqpNodesProbe(amqp.getRabbitConnectionFactory(), amqpNodes)),
        new BrokerProbe(
            "rabbitmq-stream",
            "RabbitMQ stream",
            streamNodes,
            rabbitUser,
            "marketwire.rabbitmq.password",
            () -> "authenticated; stream " + stream + (streams.streamExistsOnNewConnection(stream) ? " exists" : " absent")),
        new BrokerProbe(
            "redis",
            "Redis",
            setting(props, "marketwire.redis.host") + ":" + setting(props, "marketwire.redis.port"),
            redisUser.isEmpty() ? "default" : redisUser,
            "marketwire.redis.password",
            () -> {
              RedisClient redis = context.getRegistry().lookupByNameAndType("redisClient", RedisClient.class);
              try (StatefulRedisConnection<String, String> connection = redis.connect()) {
                connection.setTimeout(Duration.ofSeconds(2));
                return "authenticated; " + connection.sync().ping();
              }
            }));
  }

  private static java.util.Optional<String> optional(PropertiesComponent props, String key) {
    return props.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static String setting(PropertiesComponent props, String key) {
    String value = present(props, key);
    if (value.isEmpty()) {
      throw missing(key);
    }
    return value;
  }

  /** A key config/ must have, though its value may be blank. */
  private static String present(PropertiesComponent props, String key) {
    return props.resolveProperty(key).map(String::trim).orElseThrow(() -> missing(key));
  }

  private static IllegalArgumentException missing(String key) {
    return new IllegalArgumentException("missing setting " + key + " (see config/application.properties)");
  }

  /**
   * Probes each connection once as the context starts, before any route: refused credentials end
   * the start with {@link CredentialsRefusedException}, whose message is the one line to show.
   */
  private static final class CredentialsCheckAtStart extends ServiceSupport {
    private final List<BrokerProbe> probes;

    CredentialsCheckAtStart(List<BrokerProbe> probes) {
      this.probes = probes;
    }

    @Override
    protected void doStart() {
      for (BrokerProbe probe : probes) {
        try {
          probe.call();
        } catch (Exception e) {
          var refusal = probe.refusal(e);
          if (refusal.isPresent()) {
            throw new CredentialsRefusedException(refusal.get());
          }
          // not reachable now: the routes keep trying, health says DOWN meanwhile
        }
      }
    }
  }
}
