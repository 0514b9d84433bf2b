package io.marketwire.component.stream;

import io.marketwire.component.support.ClientReadinessCheck;
import org.apache.camel.health.HealthCheckResultBuilder;

/** Readiness of one rabbitmq-stream consumer or producer: DOWN with the reason until its client is open. */
final class RabbitMqStreamHealthCheck extends ClientReadinessCheck {

  private final RabbitMqStreamClientHealth health;
  private final String stream;

  RabbitMqStreamHealthCheck(String id, RabbitMqStreamClientHealth health, String stream, String routeId) {
    super(id, routeId, health::problem);
    this.health = health;
    this.stream = stream;
  }

  @Override
  protected void describeClient(HealthCheckResultBuilder builder) {
    builder.detail("rabbitmq.stream", health.connection().toString());
    builder.detail("stream", stream);
  }
}
