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
