package io.marketwire.dataplane;

import com.rabbitmq.client.Address;
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
import org.apache.camel.PropertyInject;
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

  @PropertyInject("marketwire.auth.secret")
  private String authSecret;

  @PropertyInject("marketwire.auth.token-ttl")
  private Duration tokenTtl;

  @PropertyInject("marketwire.auth.login.free-failures")
  private int loginFreeFailures;

  @PropertyInject("marketwire.auth.login.initial-lockout")
  private Duration loginInitialLockout;

  @PropertyInject("marketwire.auth.login.max-lockout")
  private Duration loginMaxLockout;

  @PropertyInject("marketwire.auth.users")
  private String authUsers;

  @PropertyInject("marketwire.dataplane.exchange")
  private String exchange;

  @PropertyInject("marketwire.dataplane.publisher.max-unconfirmed")
  private int publisherMaxUnconfirmed;

  @PropertyInject("marketwire.dataplane.publisher.confirm-timeout")
  private Duration publisherConfirmTimeout;

  @PropertyInject("marketwire.dataplane.messages-per-ack")
  private int messagesPerAck;

  @PropertyInject("marketwire.dataplane.ack-timeout")
  private Duration ackTimeout;

  @PropertyInject("marketwire.dataplane.consumer-restart-interval")
  private Duration consumerRestartInterval;

  @PropertyInject("marketwire.rabbitmq.addresses")
  private String rabbitAddresses;

  @PropertyInject("marketwire.dataplane.cache.prefix")
  private String cachePrefix;

  @PropertyInject("marketwire.dataplane.cache.ttl")
  private Duration cacheTtl;

  @PropertyInject("marketwire.dataplane.cache.bar-history")
  private int barHistory;

  @PropertyInject("marketwire.dataplane.scanner.top")
  private int scannerTop;

  @PropertyInject("marketwire.dataplane.scanner.row-ttl")
  private Duration scannerRowTtl;

  @PropertyInject("marketwire.dataplane.scanner.unusual-volume-ratio")
  private double unusualVolumeRatio;

  @PropertyInject("marketwire.dataplane.scanner.unusual-volume-min-bars")
  private int unusualVolumeMinBars;

  @PropertyInject("marketwire.dataplane.wds.path")
  private String wdsPath;

  @PropertyInject("marketwire.dataplane.wds.url")
  private String wdsUrl;

  @PropertyInject("marketwire.dataplane.queue-prefix")
  private String queuePrefix;

  @PropertyInject("marketwire.dataplane.partitions")
  private int mdqPartitions;

  @PropertyInject("marketwire.dataplane.cross-symbol-queues")
  private String crossSymbolQueues;

  // this process among the MDPs sharing the MDQ; blank: a name of its own per start
  @PropertyInject("marketwire.instance")
  private String instance;

  @PropertyInject("marketwire.web.public-paths")
  private String publicPaths;

  @PropertyInject("camel.server.enabled")
  private boolean serverEnabled;

  @PropertyInject("marketwire.upstream.server.enabled")
  private boolean upstreamServerEnabled;

  @PropertyInject("marketwire.upstream.server.symbols")
  private String upstreamSymbols;

  @PropertyInject("marketwire.upstream.server.host")
  private String upstreamHost;

  @PropertyInject("marketwire.upstream.server.port")
  private int upstreamPort;

  @PropertyInject("marketwire.upstream.server.path")
  private String upstreamPath;

  @PropertyInject("marketwire.upstream.api-key")
  private String upstreamApiKey;

  @PropertyInject("marketwire.upstream.server.speed")
  private String upstreamSpeed;

  @PropertyInject("marketwire.upstream.server.directory")
  private String upstreamDirectory;

  @PropertyInject("marketwire.upstream.server.from")
  private String upstreamFrom;

  @PropertyInject("marketwire.upstream.server.to")
  private String upstreamTo;

  @PropertyInject("marketwire.upstream.server.loop")
  private boolean upstreamLoop;

  @PropertyInject("marketwire.upstream.server.max-batch")
  private int upstreamMaxBatch;

  @Override
  public void configure(CamelContext context) throws Exception {
    TokenService tokens =
        new TokenService(authSecret.trim(), tokenTtl);
    LoginThrottle throttle =
        new LoginThrottle(
            loginFreeFailures,
            loginInitialLockout,
            loginMaxLockout,
            java.time.Clock.systemUTC());
    Authenticator authenticator = Authenticator.fromConfig(authUsers.trim(), tokens, throttle);
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
              // every node of a cluster, as the shared factory has them: the listener's own
              // connection must fail over too (it used to retry only the first node)
              rabbitAddresses.isBlank() ? List.of() : List.of(Address.parseAddresses(rabbitAddresses)),
              "marketwire-mdl",
              exchange.trim(),
              publisherMaxUnconfirmed,
              publisherConfirmTimeout.toMillis());
      context.getRegistry().bind("mdqPublisher", mdq);
      // the MDP's consumers: Camel's spring-rabbitmq on the same connection factory, with
      // listener containers that acknowledge several messages at once and never requeue
      SpringRabbitMQComponent mdqConsumers = new SpringRabbitMQComponent();
      mdqConsumers.setConnectionFactory(shared);
      mdqConsumers.setListenerContainerFactory(
          new MdqListenerContainerFactory(
              messagesPerAck, ackTimeout.toMillis(), consumerRestartInterval.toMillis(), mdqPartitions()));
      context.addComponent("mdq-rabbitmq", mdqConsumers);
      context.addService(new ServiceSupport() {
        @Override
        protected void doStop() {
          mdq.close();
        }
      });
    }

    RedisClient redis = context.getRegistry().lookupByNameAndType("redisClient", RedisClient.class);
    String prefix = cachePrefix.trim();
    long ttl = cacheTtl.toSeconds();
    MarketDataCache cache = new MarketDataCache(redis, prefix);
    // the MDP's state per symbol comes again from the MDC when a partition moves to it
    TradeProcessor trades = new TradeProcessor(ttl, symbol -> cache.latest("trades:" + symbol));
    ScannerProcessor scanner =
        new ScannerProcessor(
            scannerTop,
            ttl,
            scannerRowTtl.toSeconds(),
            unusualVolumeRatio,
            unusualVolumeMinBars,
            () -> cache.latestByPrefix(ScannerProcessor.ROWS));
    context.getRegistry().bind("marketDataCache", cache);
    context.getRegistry().bind("tradeProcessor", trades);
    context.getRegistry().bind("quoteProcessor", new QuoteProcessor(ttl));
    context.getRegistry().bind(
        "aggregateProcessor", new AggregateProcessor(ttl, barHistory));
    context.getRegistry().bind("scannerProcessor", scanner);
    context.getRegistry().bind("mdpState", new MdpState(cache, trades, scanner));

    WdsHub wds = new WdsHub(authenticator, wdsPath.trim(), prefix);
    context.getRegistry().bind("wdsHub", wds);
    // the route policies the flows' routes name: each serves or starts what its route needs
    context.getRegistry().bind("wdsWebSocket", wds.fanoutRoute());
    context.getRegistry().bind("dataPlanePanel", new DataPlanePanel(queuePrefix.trim(), prefix, wds));
    context.getRegistry().bind("controlPlane", new ControlPlane(authenticator, wdsUrl.trim(), context));
    // the app's widget scripts, with the SCP route that serves the app
    context.getRegistry().bind("widgetAssets", RouteCompanion.onStart(AppAssets::attach));
    // the listener route names it: the local upstream server starts when that route is loaded
    RouteCompanion localUpstream = RouteCompanion.marker();
    context.getRegistry().bind("localUpstream", localUpstream);
    AccessGuard guard =
        new AccessGuard(
            authenticator,
            Arrays.stream(publicPaths.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList());
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
            if (serverEnabled && guarded.compareAndSet(false, true)) {
              guard.attach(ctx);
            }
            // before the listener starts, and not earlier: the server replays from the moment it starts
            if (localUpstream.loaded() && upstreamServerEnabled
                && upstreamStarted.compareAndSet(false, true)) {
              startUpstreamServer(ctx);
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
  private MdqPartitions mdqPartitions() {
    String prefix = queuePrefix.trim();
    return new MdqPartitions(
        mdqPartitions,
        Arrays.stream(crossSymbolQueues.split(","))
            .map(String::trim)
            .filter(q -> !q.isEmpty())
            .map(q -> prefix + q)
            .collect(java.util.stream.Collectors.toSet()),
        instance.isBlank() ? java.util.UUID.randomUUID().toString() : instance.trim());
  }

  private void startUpstreamServer(CamelContext context) throws Exception {
    Vertx vertx = context.getRegistry().findSingleByType(Vertx.class);
    boolean ownVertx = vertx == null;
    Vertx v = ownVertx ? Vertx.vertx() : vertx;
    String symbols = upstreamSymbols.trim();
    UpstreamServer server =
        new UpstreamServer(
            v,
            new UpstreamServer.Settings(
                upstreamHost.trim(),
                upstreamPort,
                upstreamPath.trim(),
                upstreamApiKey.trim(),
                Pacer.parseSpeed(upstreamSpeed.trim()),
                Path.of(upstreamDirectory.trim()),
                symbols.isBlank() ? List.of() : Arrays.stream(symbols.split(",")).map(String::trim).toList(),
                TimeWindow.parse(upstreamFrom.trim(), upstreamTo.trim()),
                upstreamLoop,
                upstreamMaxBatch));
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
}
