package io.marketwire.app.health;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one broker connection, shown under {@code /observe/health}: UP only when a fresh
 * connection with the configured credentials authenticated and answered a cheap operation (see
 * {@link BrokerProbe}); DOWN with the reason otherwise, credentials refused included. It is a
 * readiness check only: a broker that is down makes the app not ready, but restarting the app
 * would not bring the broker back, so liveness stays up and the clients keep reconnecting.
 */
public final class BrokerHealthCheck extends AbstractHealthCheck {

  private final BrokerProbe probe;

  public BrokerHealthCheck(BrokerProbe probe) {
    super("marketwire", probe.id());
    this.probe = probe;
  }

  @Override
  public boolean isLiveness() {
    return false;
  }

  @Override
  protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
    builder.detail("target", probe.target());
    try {
      builder.detail("answer", probe.call());
      builder.up();
    } catch (Exception e) {
      builder.message(probe.describe(e));
      builder.down();
    }
  }
}
