package io.marketwire.component.support;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of one consumer's or producer's broker client, shown under {@code /observe/health}:
 * DOWN with the reason its client cannot work (credentials refused, broker unreachable, connection
 * lost) until it can, UP afterwards. Each component says what its client talks to; the verdict is
 * the same for all, as Camel's own client checks extend {@link AbstractHealthCheck}.
 */
public abstract class ClientReadinessCheck extends AbstractHealthCheck {

  private final String routeId;
  private final Supplier<String> problem;

  /**
   * @param routeId the route of a consumer, null for a producer
   * @param problem why the client cannot work now, or null when it can
   */
  protected ClientReadinessCheck(String id, String routeId, Supplier<String> problem) {
    super("camel", id);
    this.routeId = routeId;
    this.problem = problem;
  }

  @Override
  public final boolean isLiveness() {
    // the broker being away makes the route not ready; restarting the app would not bring it back
    return false;
  }

  @Override
  protected final void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
    describeClient(builder);
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

  /** The details that say which broker and which stream (or group) this client works on. */
  protected abstract void describeClient(HealthCheckResultBuilder builder);
}
