package io.marketwire.component.redisstream;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one redis-stream consumer or producer: DOWN with the reason (the connection refused,
 * WRONGPASS, the last read or XADD failing) until it talks to Redis, UP afterwards.
 */
final class RedisStreamHealthCheck extends AbstractHealthCheck {

  private final RedisStreamConfiguration config;
  private final String routeId;
  private final Supplier<String> problem;

  /**
   * @param problem why the client cannot work now, or null when it can
   */
  RedisStreamHealthCheck(
      String id, RedisStreamConfiguration config, String routeId, Supplier<String> problem) {
    super("camel", id);
    this.config = config;
    this.routeId = routeId;
    this.problem = problem;
  }

  @Override
  public boolean isLiveness() {
    // Redis being away makes the route not ready; restarting the app would not bring it back
    return false;
  }

  @Override
  protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
    builder.detail("redis", config.connectionKey().toString());
    builder.detail("stream", config.getStream());
    if (config.isGrouped()) {
      builder.detail("group", config.getGroup());
    }
    if (routeId != null) {
      builder.detail("route.id", routeId);
    }
    String why = problem.get();
    if (why == null) {
      builder.up();
    } else {
      builder.down().message(why);
    }
  }
}
