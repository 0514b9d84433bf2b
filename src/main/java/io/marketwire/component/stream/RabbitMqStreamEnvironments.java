package io.marketwire.component.stream;

import com.rabbitmq.stream.Address;
import com.rabbitmq.stream.BackOffDelayPolicy;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.EnvironmentBuilder;
import io.marketwire.config.BrokerSettings;
import io.marketwire.config.TlsContexts;

/**
 * The one way Marketwire builds a stream-client {@code Environment}: the app's shared one (bound
 * as {@code streamEnvironment}), the rabbitmq-stream component's own when none is bound, and the
 * commands that run outside Camel. With TLS it verifies the broker's certificate and host name
 * ({@link TlsContexts}). On a cluster it is given every node's URI: the client asks any of them
 * where a stream's leader and replicas are and connects to the host and port each node advertises
 * (127.0.0.1 and its own stream port here).
 */
public final class RabbitMqStreamEnvironments {

  private static final java.time.Duration RECOVERY_DELAY = java.time.Duration.ofSeconds(1);

  private RabbitMqStreamEnvironments() {}

  /** An environment for these broker settings; connects now and throws if it cannot. */
  public static Environment create(BrokerSettings settings) {
    return create(RabbitMqStreamConnection.of(settings), null, false);
  }

  /**
   * @param id prefixes the connection names the broker shows (client property connection_name),
   *     so app instances named apart are told apart there; null: the client's default
   * @param lazy connect on first use instead of now: building never fails, and an operation
   *     made while the broker is away fails with the reason and is tried again on the next one
   */
  public static Environment create(RabbitMqStreamConnection c, String id, boolean lazy) {
    EnvironmentBuilder builder = Environment.builder();
    if (id != null) {
      builder.id(id);
    }
    if (c.uris().isEmpty()) {
      builder.host(c.host()).port(c.port());
      // the broker advertises its own host name for leaders and replicas; with a single
      // configured host (a load balancer, a tunnel or a chroot on loopback) always dial it
      Address entry = new Address(c.host(), c.port());
      builder.addressResolver(address -> entry);
    } else {
      builder.uris(c.uris());
    }
    // after uris(...), which would otherwise take guest from URIs without credentials
    builder.username(c.username()).password(c.password()).virtualHost(c.virtualHost());
    if (c.tls()) {
      EnvironmentBuilder.TlsConfiguration tls = builder.tls();
      if (c.tlsTrustAll()) {
        tls.trustEverything();
      } else {
        tls.sslContext(TlsContexts.streamSslContext(c.tlsSettings()));
      }
    }
    // the client tries to get a lost connection back every 5 s by default; the app promises UP
    // within 10 s of the broker's return (BrokerOutageIT), and the route controller's restart
    // backoff comes on top of the client's, so the shared environment retries every second
    builder.recoveryBackOffDelayPolicy(BackOffDelayPolicy.fixed(RECOVERY_DELAY));
    return builder.lazyInitialization(lazy).build();
  }
}
