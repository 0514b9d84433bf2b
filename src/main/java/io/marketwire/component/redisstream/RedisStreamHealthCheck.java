package io.marketwire.component.redisstream;

import io.marketwire.component.support.ClientReadinessCheck;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;

/**
 * Readiness of one redis-stream consumer or producer: DOWN with the reason (the connection refused,
 * WRONGPASS, the last read or XADD failing) until it talks to Redis.
 */
final class RedisStreamHealthCheck extends ClientReadinessCheck {

  private final RedisStreamConfiguration config;

  /**
   * @param problem why the client cannot work now, or null when it can
   */
  RedisStreamHealthCheck(String id, RedisStreamConfiguration config, String routeId, Supplier<String> problem) {
    super(id, routeId, problem);
    this.config = config;
  }

  @Override
  protected void describeClient(HealthCheckResultBuilder builder) {
    builder.detail("redis", config.connectionKey().toString());
    builder.detail("stream", config.getStream());
    if (config.isGrouped()) {
      builder.detail("group", config.getGroup());
    }
  }
}
