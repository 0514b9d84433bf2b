package io.marketwire.testsupport;

import static org.awaitility.Awaitility.await;

import io.marketwire.app.MarketwireMain;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.main.Main;
import org.apache.camel.spi.RouteController;
import org.apache.camel.spi.SupervisingRouteController;

/**
 * The real application (same Main, same config/, same routes/ unless overridden), started on a
 * background thread with the {@code test} profile, for tests that exercise it end to end.
 */
public final class RunningApp implements AutoCloseable {

  private final Main main;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private RunningApp(Main main) {
    this.main = main;
    this.thread =
        new Thread(
            () -> {
              try {
                main.run();
              } catch (Throwable t) {
                failure.set(t);
              }
            },
            "marketwire-test-app");
  }

  /**
   * Overrides for an app without its HTTP server and JMX, to add a test's own to: other suites (and
   * other checkouts) may hold the test port, and the flows under test need neither.
   */
  public static Map<String, String> headless() {
    Map<String, String> o = new java.util.HashMap<>();
    o.put("camel.server.enabled", "false");
    o.put("camel.management.enabled", "false");
    return o;
  }

  /**
   * Starts the app with the given routes pattern (null: all routes) and property overrides, and
   * waits until every route has started: the supervising route controller starts routes after the
   * context, so a test that publishes at once could otherwise publish before a consumer reads.
   */
  public static RunningApp start(String routesPattern, Map<String, String> overrides) {
    return start(routesPattern, overrides, main -> {});
  }

  /** As {@link #start(String, Map)} on another profile than {@code test} (the cluster's, say). */
  public static RunningApp startWithProfile(String profile, String routesPattern, Map<String, String> overrides) {
    return start(profile, routesPattern, overrides, main -> {});
  }

  /** As {@link #start(String, Map)}, with the Main adjusted before it runs (a listener, say). */
  public static RunningApp start(
      String routesPattern, Map<String, String> overrides, java.util.function.Consumer<Main> adjust) {
    return start("test", routesPattern, overrides, adjust);
  }

  private static RunningApp start(
      String profile, String routesPattern, Map<String, String> overrides, java.util.function.Consumer<Main> adjust) {
    Main main = MarketwireMain.create(profile, routesPattern, overrides);
    adjust.accept(main);
    RunningApp app = startWithoutWaitingForRoutes(main);
    app.awaitRoutesStarted(Duration.ofSeconds(60));
    return app;
  }

  /** Starts the app; its routes may still be starting, or waiting for a broker, on return. */
  public static RunningApp startWithoutWaitingForRoutes(String routesPattern, Map<String, String> overrides) {
    return startWithoutWaitingForRoutes(MarketwireMain.create("test", routesPattern, overrides));
  }

  private static RunningApp startWithoutWaitingForRoutes(Main main) {
    RunningApp app = new RunningApp(main);
    app.thread.setDaemon(true);
    app.thread.start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              if (app.failure.get() != null) {
                throw new IllegalStateException("app failed to start", app.failure.get());
              }
              CamelContext context = app.main.getCamelContext();
              return context != null && context.isStarted();
            });
    return app;
  }

  /**
   * Waits until the route controller has started every route it starts; fails with each route's
   * error when a route is still being restarted (its broker down, say) at the timeout.
   */
  public void awaitRoutesStarted(Duration timeout) {
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .until(
              () -> {
                RouteController controller = context().getRouteController();
                if (controller.isStartingRoutes()) {
                  return false;
                }
                return !(controller instanceof SupervisingRouteController supervising)
                    || (supervising.getRestartingRoutes().isEmpty() && supervising.getExhaustedRoutes().isEmpty());
              });
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      StringBuilder failing = new StringBuilder();
      if (context().getRouteController() instanceof SupervisingRouteController supervising) {
        for (Route route : supervising.getRestartingRoutes()) {
          failing.append("\n  ").append(route.getRouteId()).append(": ").append(supervising.getRestartException(route.getRouteId()));
        }
      }
      throw new IllegalStateException("routes not started within " + timeout + ":" + failing, e);
    }
  }

  public CamelContext context() {
    return main.getCamelContext();
  }

  @Override
  public void close() throws Exception {
    main.completed();
    thread.join(30_000);
  }
}
