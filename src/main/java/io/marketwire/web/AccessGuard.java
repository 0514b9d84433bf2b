package io.marketwire.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deny by default on the app's one HTTP port: every request, whatever its path (REST routes,
 * WebSocket upgrades, Camel's own /observe and /q endpoints, paths nobody has added yet), needs a
 * valid token ({@code Authorization: Bearer}, or {@code ?token=} where a browser cannot set
 * headers: WebSockets) or a configured user's password ({@code Authorization: Basic}, for
 * scrapers such as Prometheus that cannot log in), else it is answered 401 before any handler
 * sees it. Only the {@code publicPaths} pass without: the log-in, the log-in pages and the
 * liveness/readiness probe, and those only without a query string (Camel's health endpoint answers
 * {@code ?stackTrace=true} or {@code ?exposureLevel=full} with more than a probe needs). What a
 * role may do is still each endpoint's own check.
 */
public final class AccessGuard {

  private static final Logger LOG = LoggerFactory.getLogger(AccessGuard.class);

  private final Authenticator authenticator;
  private final List<String> publicPaths;

  /**
   * @param publicPaths exact paths, or prefixes ending in {@code /*} ({@code /dashboard/*})
   */
  public AccessGuard(Authenticator authenticator, List<String> publicPaths) {
    this.authenticator = authenticator;
    this.publicPaths = List.copyOf(publicPaths);
  }

  /** Puts the guard in front of every other handler of the platform-http router. */
  public void attach(CamelContext context) {
    // order -2: ahead of the WebSocket hubs and the dashboard's files (-1) and platform-http's
    // and Camel management's routes (0 and up)
    ((Router) PlatformRouter.of(context)).route().order(-2).handler(this::check);
    LOG.info("Every HTTP path needs a token except {}", publicPaths);
  }

  /** Whether {@code path} is served without credentials. */
  public boolean isPublic(String path) {
    for (String p : publicPaths) {
      if (p.endsWith("/*") ? path.startsWith(p.substring(0, p.length() - 1)) : path.equals(p)) {
        return true;
      }
    }
    return false;
  }

  private void check(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (ctx.request().query() == null && isPublic(path)) {
      ctx.next();
      return;
    }
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      basic(ctx, authorization.substring(6).trim());
      return;
    }
    String token = Authenticator.bearer(authorization).orElse(ctx.request().getParam("token"));
    try {
      authenticator.authenticate(token);
    } catch (AuthenticationException e) {
      refuse(ctx, 401, e.getMessage());
      return;
    }
    ctx.next();
  }

  /** A password check costs a PBKDF2 derivation: done off the event loop, throttled like a log-in. */
  private void basic(RoutingContext ctx, String encoded) {
    String address = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    // no body may be lost while the check runs: the next handler (a body handler) resumes
    ctx.request().pause();
    ctx.vertx()
        .<Void>executeBlocking(
            () -> {
              String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
              int colon = decoded.indexOf(':');
              if (colon < 0) {
                throw new AuthenticationException("malformed Basic credentials");
              }
              authenticator.login(decoded.substring(0, colon), decoded.substring(colon + 1).toCharArray(), address);
              return null;
            },
            false)
        .onSuccess(v -> ctx.next())
        .onFailure(
            e -> {
              if (e instanceof LoginThrottledException throttled) {
                ctx.response().putHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                refuse(ctx, 429, e.getMessage());
              } else {
                refuse(ctx, 401, e instanceof IllegalArgumentException ? "malformed Basic credentials" : e.getMessage());
              }
            });
  }

  private static void refuse(RoutingContext ctx, int status, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("WWW-Authenticate", "Bearer")
        .end("{\"error\":\"" + message.replace("\"", "'") + "\",\"status\":" + status + "}");
  }
}
