package io.marketwire.web;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * The Vert.x router of the app's one HTTP port, for the handlers that platform-http routes cannot
 * express (WebSocket upgrades that must check a token first). The router is registered under a
 * name per port, and {@code VertxPlatformHttpRouter.lookup(context)} alone finds only the one on
 * 8080, so the configured port is looked up.
 */
public final class PlatformRouter {

  private PlatformRouter() {}

  /**
   * Runs {@code attach} once, after the context has fully started, when the route {@code routeId}
   * (the one that feeds the handler) is loaded: a flow that is not loaded serves nothing.
   */
  public static void attachWhenRouteLoaded(CamelContext context, String routeId, java.util.function.Consumer<CamelContext> attach)
      throws Exception {
    // Camel calls a startup listener again for each route the supervising controller starts
    // later; a second attach would stack a second handler on the same path
    java.util.concurrent.atomic.AtomicBoolean attached = new java.util.concurrent.atomic.AtomicBoolean();
    context.addStartupListener(
        new org.apache.camel.StartupListener() {
          @Override
          public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) {}

          @Override
          public void onCamelContextFullyStarted(CamelContext ctx, boolean alreadyStarted) {
            if (ctx.getRoute(routeId) != null && attached.compareAndSet(false, true)) {
              attach.accept(ctx);
            }
          }
        });
  }

  public static VertxPlatformHttpRouter of(CamelContext context) {
    int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{camel.server.port}}"));
    VertxPlatformHttpRouter router =
        VertxPlatformHttpRouter.lookup(context, VertxPlatformHttpRouter.getRouterNameFromPort(port));
    if (router == null) {
      router = context.getRegistry().findSingleByType(VertxPlatformHttpRouter.class);
    }
    if (router == null) {
      throw new IllegalStateException("needs the platform-http server (camel.server.enabled=true) on port " + port);
    }
    return router;
  }
}
