package io.marketwire.dataplane;

import io.lettuce.core.RedisClient;
import io.marketwire.dataplane.cache.MarketDataCache;
import io.marketwire.dataplane.listener.MdqPublisher;
import io.marketwire.dataplane.processors.AggregateProcessor;
import io.marketwire.dataplane.processors.MdpState;
import io.marketwire.dataplane.processors.MdqListenerContainerFactory;
import io.marketwire.dataplane.processors.MdqPartitions;
import io.marketwire.dataplane.processors.QuoteProcessor;
import io.marketwire.dataplane.processors.ScannerProcessor;
import io.marketwire.dataplane.processors.TradeProcessor;
import io.marketwire.dataplane.scp.ControlPlane;
import io.marketwire.dataplane.upstream.UpstreamServer;
import io.marketwire.dataplane.wds.WdsHub;
import io.marketwire.source.Pacer;
import io.marketwire.source.TimeWindow;
import io.marketwire.web.AccessGuard;
import io.marketwire.web.AppAssets;
import io.marketwire.web.Authenticator;
import io.marketwire.web.LoginThrottle;
import io.marketwire.web.RouteCompanion;
import io.marketwire.web.TokenService;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane's beans (seed 003), from {@code marketwire.dataplane.*}, {@code
 * marketwire.upstream.*} and {@code marketwire.auth.*}: the MDC cache, the MDP processors, the WDS
 * hub, the SCP control plane, the authenticator. What runs depends on the routes loaded: the local
 * upstream server starts with the listener route ({@code mdl-listener}) when {@code
 * marketwire.upstream.server.enabled}, the WDS WebSocket with its fan-out route ({@code
 * wds-fanout}).
 */
public class DataplaneConfiguration implements CamelConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(DataplaneConfiguration.class);

  @Override
  public void configure(CamelContext context) throws Exception {
    PropertiesComponent props = context.getPropertiesComponent();
    Settings s = new Settings(props);

    TokenService tokens =
        new TokenService(s.get("marketwire.auth.secret", ""), Duration.ofSeconds(s.getLong("marketwire.auth.token-ttl-seconds", 3600)));
    LoginThrottle throttle =
        new LoginThrottle(
            (int) s.requireLong("marketwire.auth.login.free-failures"),
            Duration.ofMillis(s.requireLong("marketwire.auth.login.initial-lockout-ms")),
            Duration.ofMillis(s.requireLong("marketwire.auth.login.max-lockout-ms")),
            java.time.Clock.systemUTC());
    Authenticator authenticator = Authenticator.fromConfig(s.get("marketwire.auth.users", ""), tokens, throttle);
    context.getRegistry().bind("tokenService", tokens);
    context.getRegistry().bind("authenticator", authenticator);
    // the read-only REST APIs (quotes) take any logged-in user
    context.getRegistry().bind("apiAuth", new io.marketwire.web.ApiAuth(authenticator, io.marketwire.web.Role.VIEWER));

    // the listener publishes batches on its own connection and channel (RabbitMQ keeps order per
    // channel only), counting publisher confirms on the AMQP client's thread
    CachingConnectionFactory shared =
        context.getRegistry().lookupByNameAndType("rabbitConnectionFactory", CachingConnectionFactory.class);
    if (shared != null) {
      MdqPublisher mdq =
          new MdqPublisher(
              shared.getRabbitConnectionFactory(),
              "marketwire-mdl",
              s.get("marketwire.dataplane.exchange", "marketwire.mdq"),
              (int) s.requireLong("marketwire.dataplane.publisher.max-unconfirmed"),
              s.requireLong("marketwire.dataplane.publisher.confirm-timeout-ms"));
      context.getRegistry().bind("mdqPublisher", mdq);
      // the MDP's consumers: Camel's spring-rabbitmq on the same connection factory, with
      // listener containers that acknowledge several messages at once and never requeue
      SpringRabbitMQComponent mdqConsumers = new SpringRabbitMQComponent();
      mdqConsumers.setConnectionFactory(shared);
      mdqConsumers.setListenerContainerFactory(
          new MdqListenerContainerFactory(
              (int) s.requireLong("marketwire.dataplane.messages-per-ack"),
              s.requireLong("marketwire.dataplane.ack-timeout-ms"),
              mdqPartitions(s)));
      context.addComponent("mdq-rabbitmq", mdqConsumers);
      context.addService(new ServiceSupport() {
        @Override
        protected void doStop() {
          mdq.close();
        }
      });
    }

    RedisClient redis = context.getRegistry().lookupByNameAndType("redisClient", RedisClient.class);
    String prefix = s.get("marketwire.dataplane.cache.prefix", "mdc:");
    long ttl = s.getLong("marketwire.dataplane.cache.ttl-seconds", 900);
    MarketDataCache cache = new MarketDataCache(redis, prefix);
    // the MDP's state per symbol comes again from the MDC when a partition moves to it
    TradeProcessor trades = new TradeProcessor(ttl, symbol -> cache.latest("trades:" + symbol));
    ScannerProcessor scanner =
        new ScannerProcessor(
            (int) s.getLong("marketwire.dataplane.scanner.top", 10),
            ttl,
            s.requireDouble("marketwire.dataplane.scanner.unusual-volume-ratio"),
            (int) s.requireLong("marketwire.dataplane.scanner.unusual-volume-min-bars"),
            () -> cache.latestByPrefix("bars:"));
    context.getRegistry().bind("marketDataCache", cache);
    context.getRegistry().bind("tradeProcessor", trades);
    context.getRegistry().bind("quoteProcessor", new QuoteProcessor(ttl));
    context.getRegistry().bind(
        "aggregateProcessor", new AggregateProcessor(ttl, (int) s.getLong("marketwire.dataplane.cache.bar-history", 390)));
    context.getRegistry().bind("scannerProcessor", scanner);
    context.getRegistry().bind("mdpState", new MdpState(cache, trades, scanner));

    WdsHub wds = new WdsHub(authenticator, s.get("marketwire.dataplane.wds.path", "/ws/data"), prefix);
    context.getRegistry().bind("wdsHub", wds);
    // the route policies the flows' routes name: each serves or starts what its route needs
    context.getRegistry().bind("wdsWebSocket", wds.fanoutRoute());
    context.getRegistry().bind("dataPlanePanel", new DataPlanePanel(s.get("marketwire.dataplane.queue-prefix", "mdq."), prefix, wds));
    context.getRegistry().bind("controlPlane", new ControlPlane(authenticator, s.get("marketwire.dataplane.wds.url", ""), context));
    // the app's widget scripts, with the SCP route that serves the app
    context.getRegistry().bind("widgetAssets", RouteCompanion.onStart(AppAssets::attach));
    // the listener route names it: the local upstream server starts when that route is loaded
    RouteCompanion localUpstream = RouteCompanion.marker();
    context.getRegistry().bind("localUpstream", localUpstream);
    AccessGuard guard =
        new AccessGuard(
            authenticator,
            Arrays.stream(s.get("marketwire.web.public-paths", "").split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList());
    context.getRegistry().bind("accessGuard", guard);

    // Camel calls a startup listener again for routes started later (the supervising route
    // controller starts them after the context): each piece below happens once, the first time
    java.util.concurrent.atomic.AtomicBoolean guarded = new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean upstreamStarted = new java.util.concurrent.atomic.AtomicBoolean();
    context.addStartupListener(
        new StartupListener() {
          @Override
          public void onCamelContextStarted(CamelContext ctx, boolean alreadyStarted) throws Exception {
            // before any route runs: the HTTP server is up, but nothing passes unchecked
            if (s.getBoolean("camel.server.enabled", false) && guarded.compareAndSet(false, true)) {
              guard.attach(ctx);
            }
            // before the listener starts, and not earlier: the server replays from the moment it starts
            if (localUpstream.loaded() && s.getBoolean("marketwire.upstream.server.enabled", true)
                && upstreamStarted.compareAndSet(false, true)) {
              startUpstreamServer(ctx, s);
            }
          }
        });
    context.addService(new ServiceSupport() {
      @Override
      protected void doStop() {
        cache.close();
      }
    });
  }

  /** The MDQ split by symbol for several MDPs ({@code marketwire.dataplane.partitions}). */
  private static MdqPartitions mdqPartitions(Settings s) {
    String queuePrefix = s.get("marketwire.dataplane.queue-prefix", "mdq.");
    return new MdqPartitions(
        (int) s.requireLong("marketwire.dataplane.partitions"),
        Arrays.stream(s.get("marketwire.dataplane.cross-symbol-queues", "").split(","))
            .map(String::trim)
            .filter(q -> !q.isEmpty())
            .map(q -> queuePrefix + q)
            .collect(java.util.stream.Collectors.toSet()),
        s.get("marketwire.instance", "").isEmpty() ? java.util.UUID.randomUUID().toString() : s.get("marketwire.instance", ""));
  }

  private static void startUpstreamServer(CamelContext context, Settings s) throws Exception {
    Vertx vertx = context.getRegistry().findSingleByType(Vertx.class);
    boolean ownVertx = vertx == null;
    Vertx v = ownVertx ? Vertx.vertx() : vertx;
    String symbols = s.get("marketwire.upstream.server.symbols", "");
    UpstreamServer server =
        new UpstreamServer(
            v,
            new UpstreamServer.Settings(
                s.get("marketwire.upstream.server.host", "127.0.0.1"),
                (int) s.getLong("marketwire.upstream.server.port", 8765),
                s.get("marketwire.upstream.server.path", "/stocks"),
                s.get("marketwire.upstream.api-key", ""),
                Pacer.parseSpeed(s.get("marketwire.upstream.server.speed", "60")),
                Path.of(s.get("marketwire.upstream.server.directory", "../shared/data/minute-bars")),
                symbols.isBlank() ? List.of() : Arrays.stream(symbols.split(",")).map(String::trim).toList(),
                TimeWindow.parse(s.get("marketwire.upstream.server.from", ""), s.get("marketwire.upstream.server.to", "")),
                s.getBoolean("marketwire.upstream.server.loop", true),
                (int) s.getLong("marketwire.upstream.server.max-batch", 100)));
    server.start();
    context.getRegistry().bind("upstreamServer", server);
    context.addService(
        new ServiceSupport() {
          @Override
          protected void doStop() throws Exception {
            server.close();
            if (ownVertx) {
              v.close();
            }
          }
        });
    LOG.debug("upstream server bound as upstreamServer");
  }

  /** Reads keys with nested placeholders resolved. */
  private record Settings(PropertiesComponent props) {
    String get(String key, String fallback) {
      return props.resolveProperty(key).map(String::trim).orElse(fallback);
    }

    long getLong(String key, long fallback) {
      String value = get(key, "");
      return value.isEmpty() ? fallback : Long.parseLong(value);
    }

    /** A whole number that config/application.properties must set. */
    long requireLong(String key) {
      String value = get(key, "");
      if (value.isEmpty()) {
        throw new IllegalArgumentException("missing setting " + key + " (see config/application.properties)");
      }
      return Long.parseLong(value);
    }

    /** A number that config/application.properties must set. */
    double requireDouble(String key) {
      String value = get(key, "");
      if (value.isEmpty()) {
        throw new IllegalArgumentException("missing setting " + key + " (see config/application.properties)");
      }
      return Double.parseDouble(value);
    }

    boolean getBoolean(String key, boolean fallback) {
      String value = get(key, "");
      return value.isEmpty() ? fallback : Boolean.parseBoolean(value);
    }
  }
}
