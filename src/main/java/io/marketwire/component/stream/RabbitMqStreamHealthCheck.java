package io.marketwire.component.stream;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one rabbitmq-stream consumer or producer, shown under {@code /observe/health}: DOWN
 * with the reason (credentials refused, broker unreachable, connection lost and recovering) until
 * its client is open, UP afterwards.
 */
final class RabbitMqStreamHealthCheck extends AbstractHealthCheck {

  private final RabbitMqStreamClientHealth health;
  private final String stream;
  private final String routeId;

  RabbitMqStreamHealthCheck(String id, RabbitMqStreamClientHealth health, String stream, String routeId) {
    super("camel", id);
    this.health = health;
    this.stream = stream;
    this.routeId = routeId;
  }

  @Override
  public boolean isLiveness() {
    // the broker being away makes the route not ready; restarting the app would not bring it back
    return false;
  }

  @Override
  protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
    builder.detail("rabbitmq.stream", health.connection().toString());
    builder.detail("stream", stream);
    if (routeId != null) {
      builder.detail("route.id", routeId);
    }
    String why = health.problem();
    if (why == null) {
      builder.up();
    } else {
      builder.down().message(why);
    }
  }
}
