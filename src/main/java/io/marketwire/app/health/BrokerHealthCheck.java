package io.marketwire.app.health;

import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one broker connection, shown under {@code /observe/health}. It is a readiness
 * check only: a broker that is down makes the app not ready, but restarting the app would not
 * bring the broker back, so liveness stays up and the clients keep reconnecting on their own.
 */
public final class BrokerHealthCheck extends AbstractHealthCheck {

  private final Callable<String> probe;
  private final String target;

  /**
   * @param name the check's id, e.g. {@code rabbitmq-amqp}
   * @param target where it connects, shown in the details (never credentials)
   * @param probe returns a short description when the broker answers, throws when it does not
   */
  public BrokerHealthCheck(String name, String target, Callable<String> probe) {
    super("marketwire", name);
    this.target = target;
    this.probe = probe;
  }

  @Override
  public boolean isLiveness() {
    return false;
  }

  @Override
  protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
    builder.detail("target", target);
    try {
      builder.detail("answer", probe.call());
      builder.up();
    } catch (Exception e) {
      builder.message(getId() + " unreachable at " + target + ": " + e.getMessage());
      builder.error(e);
      builder.down();
    }
  }
}
