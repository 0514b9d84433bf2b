package io.marketwire.component.support;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A component's routes in Camel Main with health on as the app runs it (readiness, full exposure,
 * producer checks), as a JUnit extension that stops Main after each test; the health ITs of both
 * components read their checks through it.
 */
public final class HealthCheckedMain implements AfterEachCallback {

  private Main main;

  /** Starts Main with {@code routes} and these properties (the component's connection) on top. */
  public CamelContext start(RoutesBuilder routes, Map<String, String> properties) throws Exception {
    main = new Main();
    main.addInitialProperty("camel.health.enabled", "true");
    main.addInitialProperty("camel.health.exposure-level", "full");
    main.addInitialProperty("camel.health.producers-enabled", "true");
    properties.forEach(main::addInitialProperty);
    main.configure().addRoutesBuilder(routes);
    main.start();
    return main.getCamelContext();
  }

  /**
   * The readiness check whose id starts with {@code idPrefix}, as /observe/health shows it. Camel's
   * consumers repository shows a route's consumer check as {@code consumer:<routeId>}, passing on
   * the component check's state, message and details.
   */
  public static Optional<HealthCheck.Result> check(CamelContext context, String idPrefix) {
    List<HealthCheck.Result> results = List.copyOf(HealthCheckHelper.invokeReadiness(context));
    return results.stream().filter(r -> r.getCheck().getId().startsWith(idPrefix)).findFirst();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (main != null) {
      main.stop();
      main = null;
    }
  }
}
