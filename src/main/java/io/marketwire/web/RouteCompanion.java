package io.marketwire.web;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;

/**
 * What a route brings along when it runs in this process: the route names this bean as its route
 * policy ({@code routePolicy: quotesWebSocket} in its YAML) and the action runs once, the first
 * time such a route starts; {@link #route()} is the route while it is loaded. A
 * WebSocket is served, the local upstream server started or a dashboard panel filled because a
 * flow's route says it needs it, never because Java looks a route up by its id.
 */
public final class RouteCompanion extends RoutePolicySupport {

  private final Consumer<CamelContext> action;
  // Camel initializes and starts a route again when its file reloads: the action stays done
  private final AtomicBoolean done = new AtomicBoolean();
  private final AtomicReference<Route> loaded = new AtomicReference<>();

  private RouteCompanion(Consumer<CamelContext> action) {
    this.action = action;
  }

  /** Runs {@code action} once, when the first route that names this companion has started. */
  public static RouteCompanion onStart(Consumer<CamelContext> action) {
    return new RouteCompanion(action);
  }

  /**
   * Only says whether a route that names it is loaded; from the moment Camel creates the route,
   * before the context starts any route.
   */
  public static RouteCompanion marker() {
    return onStart(context -> {});
  }

  /** The route that names this companion, while it is loaded in this process. */
  public Optional<Route> route() {
    return Optional.ofNullable(loaded.get());
  }

  /** Whether a route that names this companion is loaded (its flow runs in this process). */
  public boolean loaded() {
    return loaded.get() != null;
  }

  @Override
  public void onInit(Route route) {
    loaded.set(route);
  }

  @Override
  public void onStart(Route route) {
    loaded.set(route);
    runOnce(route);
  }

  @Override
  public void onRemove(Route route) {
    loaded.compareAndSet(route, null);
  }

  private void runOnce(Route route) {
    if (done.compareAndSet(false, true)) {
      action.accept(route.getCamelContext());
    }
  }
}
