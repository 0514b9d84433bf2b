package io.marketwire.config;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How to reach RabbitMQ and Redis, read from the layered configuration. One record so that the
 * app, the commands, the tests and the benchmarks all connect the same way.
 *
 * <p>On a cluster ({@code config/application-cluster.properties}) {@code amqpAddresses} and
 * {@code streamUris} name every node; on one node they are empty and host and ports apply.
 */
public record BrokerSettings(
    String rabbitHost,
    int amqpPort,
    int streamPort,
    int managementPort,
    String virtualHost,
    String rabbitUsername,
    String rabbitPassword,
    boolean rabbitTls,
    String redisHost,
    int redisPort,
    String redisPassword,
    boolean redisTls,
    TlsSettings tls,
    List<String> amqpAddresses,
    List<String> streamUris) {

  public BrokerSettings {
    amqpAddresses = List.copyOf(amqpAddresses);
    streamUris = List.copyOf(streamUris);
  }

  public static BrokerSettings from(LayeredProperties config) {
    return new BrokerSettings(
        config.require("marketwire.rabbitmq.host"),
        config.requireInt("marketwire.rabbitmq.port"),
        config.requireInt("marketwire.rabbitmq.stream-port"),
        config.requireInt("marketwire.rabbitmq.management-port"),
        config.require("marketwire.rabbitmq.virtual-host"),
        config.require("marketwire.rabbitmq.username"),
        config.require("marketwire.rabbitmq.password"),
        config.requireBoolean("marketwire.rabbitmq.tls"),
        config.require("marketwire.redis.host"),
        config.requireInt("marketwire.redis.port"),
        config.requirePresent("marketwire.redis.password"),
        config.requireBoolean("marketwire.redis.tls"),
        TlsSettings.from(config),
        list(config.requirePresent("marketwire.rabbitmq.addresses")),
        list(config.requirePresent("marketwire.rabbitmq.stream-uris")));
  }

  /** Comma-separated values, blanks dropped. */
  public static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }

  /**
   * Every AMQP node as {@code host:port,host:port}, the form of amqp-client's {@code
   * Address.parseAddresses} and Spring's {@code setAddresses}: a connection goes to the first that
   * answers and recovers to another. One node: {@code rabbitHost:amqpPort}.
   */
  public String amqpAddressList() {
    return amqpAddresses.isEmpty() ? rabbitHost + ":" + amqpPort : String.join(",", amqpAddresses);
  }

  /** Whether more than one RabbitMQ node is configured. */
  public boolean cluster() {
    return amqpAddresses.size() > 1 || streamUris.size() > 1;
  }

  /** Settings for the current working directory's {@code config/} and the active profile. */
  public static BrokerSettings fromWorkingDirectory() {
    return from(LayeredProperties.load(java.nio.file.Path.of("config")));
  }

  /** A Redis URI for Lettuce; the password is never part of {@link #toString()}. */
  public String redisUri() {
    return redisAddress(redisHost, redisPort, redisTls);
  }

  /** {@code redis://host:port}, or {@code rediss://} with TLS: the address form Redisson takes. */
  public static String redisAddress(String host, int port, boolean tls) {
    return (tls ? "rediss://" : "redis://") + host + ":" + port;
  }

  /** A Lettuce URI for these settings (5 s timeout); with TLS, see {@link #redisUri(String, int, String, String, boolean)}. */
  public RedisURI redisURI() {
    return redisUri(redisHost, redisPort, null, redisPassword, redisTls)
        .withTimeout(Duration.ofSeconds(5))
        .build();
  }

  /**
   * The one way Marketwire builds a Lettuce URI. With TLS the peer is verified in full: its
   * certificate against the trust store and its host name; Lettuce then needs the trust store as
   * {@code ClientOptions.sslOptions(TlsContexts.redisSslOptions(...))}.
   *
   * @param username empty or null: the default user
   * @param password empty or null: no AUTH
   */
  public static RedisURI.Builder redisUri(
      String host, int port, String username, String password, boolean tls) {
    RedisURI.Builder uri = RedisURI.builder().withHost(host).withPort(port).withSsl(tls);
    if (tls) {
      uri.withVerifyPeer(SslVerifyMode.FULL);
    }
    if (password != null && !password.isEmpty()) {
      if (username != null && !username.isEmpty()) {
        uri.withAuthentication(username, password.toCharArray());
      } else {
        uri.withPassword(password.toCharArray());
      }
    }
    return uri;
  }

  @Override
  public String toString() {
    return "BrokerSettings[rabbitmq="
        + rabbitHost
        + ":"
        + amqpPort
        + "/"
        + streamPort
        + " vhost="
        + virtualHost
        + " user="
        + rabbitUsername
        + " tls="
        + rabbitTls
        + ", redis="
        + redisHost
        + ":"
        + redisPort
        + " tls="
        + redisTls
        + ", "
        + tls
        + (cluster() ? ", nodes=" + amqpAddressList() : "")
        + "]";
  }
}
