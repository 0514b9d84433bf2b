package io.marketwire.dataplane.scp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketwire.dataplane.cache.MarketDataCache;
import io.marketwire.dataplane.listener.ListenerCounters;
import io.marketwire.dataplane.listener.MassiveConsumer;
import io.marketwire.dataplane.wds.WdsHub;
import io.marketwire.web.AuthenticationException;
import io.marketwire.web.Authenticator;
import io.marketwire.web.LoginThrottledException;
import io.marketwire.web.Principal;
import io.marketwire.web.Role;
import java.util.Collection;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SCP's work behind its REST routes: log-in, the operator check, routes with state and
 * metrics, route start/stop/suspend/resume, the upstream subscription, and health. It lives with
 * the data plane because it drives the data plane's listener and reports its WDS and cache; the
 * generic pieces it uses (log-in, tokens, roles) are {@code io.marketwire.web}'s. Every change
 * is logged on {@code io.marketwire.dataplane.scp.ControlPlane} with the user who made it.
 */
public final class ControlPlane {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Exchange property holding the verified {@link Principal}. */
  public static final String PRINCIPAL = "MarketwirePrincipal";

  private final Authenticator authenticator;
  private final String wdsUrl;
  private final CamelContext context;

  public ControlPlane(Authenticator authenticator, String wdsUrl, CamelContext context) {
    this.authenticator = authenticator;
    this.wdsUrl = wdsUrl;
    this.context = context;
  }

  /** {@code {"username":..,"password":..}} to {@code {"token":..,"role":..,"wdsUrl":..}}. */
  public String login(String body, Exchange exchange) {
    JsonNode credentials;
    try {
      credentials = JSON.readTree(body == null ? "" : body);
    } catch (Exception e) {
      throw new IllegalArgumentException("send {\"username\":...,\"password\":...} as JSON");
    }
    String username = credentials.path("username").asText(null);
    String password = credentials.path("password").asText(null);
    String token;
    try {
      token = authenticator.login(username, password == null ? null : password.toCharArray(), remoteAddress(exchange));
    } catch (AuthenticationException e) {
      LOG.warn("Failed log-in for user {} from {}", username, remoteAddress(exchange));
      throw e;
    }
    Principal principal = authenticator.authenticate(token);
    LOG.info("User {} ({}) logged in", principal.username(), principal.role().id());
    return json(
        exchange,
        JSON.createObjectNode()
            .put("token", token)
            .put("user", principal.username())
            .put("role", principal.role().id())
            .put("expiresAt", principal.expiresAt().toString())
            .put("wdsUrl", wdsUrl));
  }

  /** The single-page app's log-in form. */
  public String loginPage(Exchange exchange) {
    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
    return resource("scp/login.html");
  }

  /**
   * The single-page app for a user whose form log-in succeeds, with the token and the WDS URL
   * injected into {@code window.MARKETWIRE}; the log-in page with 401 otherwise.
   */
  public String appPage(String username, String password, Exchange exchange) {
    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
    String token;
    try {
      token = authenticator.login(username, password == null ? null : password.toCharArray(), remoteAddress(exchange));
    } catch (AuthenticationException e) {
      LOG.warn("Failed log-in for user {} from {}", username, remoteAddress(exchange));
      exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
      return resource("scp/login.html").replace("<p id=\"error\"></p>", "<p id=\"error\">Unknown user or wrong password.</p>");
    } catch (LoginThrottledException e) {
      exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 429);
      exchange.getMessage().setHeader("Retry-After", e.retryAfterSeconds());
      return resource("scp/login.html").replace("<p id=\"error\"></p>", "<p id=\"error\">Too many failed log-ins; try again later.</p>");
    }
    Principal principal = authenticator.authenticate(token);
    LOG.info("User {} ({}) logged in to the app", principal.username(), principal.role().id());
    ObjectNode env =
        JSON.createObjectNode()
            .put("token", token)
            .put("user", principal.username())
            .put("role", principal.role().id())
            .put("expiresAt", principal.expiresAt().toString())
            .put("wdsUrl", wdsUrl);
    // "</" would end the script element early
    return resource("scp/app.html").replace("/*MARKETWIRE_ENV*/", env.toString().replace("</", "<\\/"));
  }

  /** The client's IP address as platform-http saw it (the socket's peer, not a header). */
  private static String remoteAddress(Exchange exchange) {
    Object address = exchange.getMessage().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
    if (address instanceof io.vertx.core.net.SocketAddress socket) {
      return socket.hostAddress();
    }
    return address == null ? null : address.toString();
  }

  /** 429 with {@code Retry-After} for a throttled log-in; the route sets nothing else. */
  public String throttled(Exchange exchange) {
    LoginThrottledException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, LoginThrottledException.class);
    exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 429);
    exchange.getMessage().setHeader("Retry-After", e == null ? 1 : e.retryAfterSeconds());
    return error(exchange);
  }

  private static String resource(String name) {
    try (var in = ControlPlane.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Lets the exchange on only with an operator's token; the principal goes in {@link #PRINCIPAL}. */
  public void requireOperator(Exchange exchange) {
    String token =
        Authenticator.bearer(exchange.getMessage().getHeader("Authorization", String.class)).orElse(null);
    exchange.setProperty(PRINCIPAL, authenticator.authorize(token, Role.OPERATOR));
  }

  public String listRoutes(Exchange exchange) {
    ArrayNode routes = JSON.createArrayNode();
    ManagedCamelContext managed =
        context.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
    for (Route route : context.getRoutes()) {
      ObjectNode r = routes.addObject();
      ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
      r.put("id", route.getRouteId())
          .put("state", status == null ? "Unknown" : status.name())
          .put("from", URISupport.sanitizeUri(route.getEndpoint().getEndpointUri()))
          .put("uptimeMillis", route.getUptimeMillis());
      ManagedRouteMBean mbean = managed == null ? null : managed.getManagedRoute(route.getRouteId());
      if (mbean != null) {
        r.put("exchangesTotal", mbean.getExchangesTotal())
            .put("exchangesFailed", mbean.getExchangesFailed())
            .put("exchangesInflight", mbean.getExchangesInflight())
            .put("meanProcessingMillis", mbean.getMeanProcessingTime())
            .put("maxProcessingMillis", mbean.getMaxProcessingTime());
      }
    }
    return json(exchange, routes);
  }

  /** start, stop, suspend or resume a route. */
  public String routeAction(String id, String action, Exchange exchange) throws Exception {
    Principal who = exchange.getProperty(PRINCIPAL, Principal.class);
    if (id == null || context.getRoute(id) == null) {
      throw new IllegalArgumentException("no route " + id);
    }
    String verb = action == null ? "" : action.toLowerCase(Locale.ROOT);
    switch (verb) {
      case "start" -> context.getRouteController().startRoute(id);
      case "stop" -> context.getRouteController().stopRoute(id);
      case "suspend" -> context.getRouteController().suspendRoute(id);
      case "resume" -> context.getRouteController().resumeRoute(id);
      default -> throw new IllegalArgumentException("unknown action " + action + ": start, stop, suspend or resume");
    }
    ServiceStatus status = context.getRouteController().getRouteStatus(id);
    LOG.info("Control: user {} did {} on route {}; it is now {}", who.username(), verb, id, status);
    return json(exchange, JSON.createObjectNode().put("id", id).put("action", verb).put("state", String.valueOf(status)));
  }

  /** GET: the current subscription; PUT/POST {@code {"params":"T.*,Q.AZO"}}: a new one. */
  public String subscription(String body, Exchange exchange) {
    MassiveConsumer listener =
        MassiveConsumer.find(context).orElseThrow(() -> new IllegalStateException("the listener (mdl) does not run here"));
    String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class);
    if (!method.equals("GET")) {
      String params;
      try {
        params = JSON.readTree(body == null ? "" : body).path("params").asText("");
      } catch (Exception e) {
        throw new IllegalArgumentException("send {\"params\":\"T.*,Q.*\"} as JSON");
      }
      var before = listener.connection().subscription();
      listener.connection().changeSubscription(params);
      Principal who = exchange.getProperty(PRINCIPAL, Principal.class);
      LOG.info("Control: user {} changed the upstream subscription from {} to {}", who.username(), before, listener.connection().subscription());
    }
    ObjectNode out = JSON.createObjectNode();
    out.putPOJO("subscription", listener.connection().subscription());
    out.put("state", listener.connection().state().name());
    return json(exchange, out);
  }

  public String health(Exchange exchange) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode checks = out.putArray("checks");
    Collection<HealthCheck.Result> results = HealthCheckHelper.invoke(context);
    boolean up = true;
    for (HealthCheck.Result result : results) {
      ObjectNode c = checks.addObject().put("id", result.getCheck().getId()).put("state", result.getState().name());
      result.getMessage().ifPresent(m -> c.put("message", m));
      up &= result.getState() != HealthCheck.State.DOWN;
    }
    MassiveConsumer.find(context)
        .ifPresent(
            listener -> {
              ListenerCounters counters = listener.counters();
              out.putObject("listener")
                  .put("state", listener.connection().state().name())
                  .put("received", counters.received())
                  .put("published", counters.published())
                  .put("dropped", counters.dropped())
                  .put("connects", counters.connects());
            });
    WdsHub wds = context.getRegistry().findSingleByType(WdsHub.class);
    if (wds != null) {
      out.putObject("wds").put("sessions", wds.sessions()).put("delivered", wds.delivered()).put("droppedSlowClient", wds.droppedSlowClient());
    }
    MarketDataCache cache = context.getRegistry().findSingleByType(MarketDataCache.class);
    if (cache != null) {
      out.putObject("cache").put("written", cache.written()).put("failed", cache.failed());
    }
    out.put("status", up ? "UP" : "DOWN");
    return json(exchange, out);
  }

  /** The error body of a failed request; the route sets the status. */
  public String error(Exchange exchange) {
    Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    return json(exchange, JSON.createObjectNode().put("error", e == null ? "error" : String.valueOf(e.getMessage())));
  }

  private static String json(Exchange exchange, JsonNode value) {
    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    return value.toString();
  }
}
