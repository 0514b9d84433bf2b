package io.marketwire.config;

/**
 * How to reach RabbitMQ and Redis, read from the layered configuration. One record so that the
 * app, the commands, the tests and the benchmarks all connect the same way.
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
    boolean redisTls) {

  public static BrokerSettings from(LayeredProperties config) {
    return new BrokerSettings(
        config.get("marketwire.rabbitmq.host", "localhost"),
        config.getInt("marketwire.rabbitmq.port", 5672),
        config.getInt("marketwire.rabbitmq.stream-port", 5552),
        config.getInt("marketwire.rabbitmq.management-port", 15672),
        config.get("marketwire.rabbitmq.virtual-host", "/"),
        config.require("marketwire.rabbitmq.username"),
        config.require("marketwire.rabbitmq.password"),
        config.getBoolean("marketwire.rabbitmq.tls", false),
        config.get("marketwire.redis.host", "localhost"),
        config.getInt("marketwire.redis.port", 6379),
        config.get("marketwire.redis.password", ""),
        config.getBoolean("marketwire.redis.tls", false));
  }

  /** Settings for the current working directory's {@code config/} and the active profile. */
  public static BrokerSettings fromWorkingDirectory() {
    return from(LayeredProperties.load(java.nio.file.Path.of("config")));
  }

  /** A Redis URI for Lettuce; the password is never part of {@link #toString()}. */
  public String redisUri() {
    String scheme = redisTls ? "rediss" : "redis";
    return scheme + "://" + redisHost + ":" + redisPort;
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
        + "]";
  }
}
