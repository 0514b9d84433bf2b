package io.marketwire.marketdata;

import io.lettuce.core.RedisClient;
import io.marketwire.analytics.NbboBook;
import io.marketwire.audit.AuditEventCodec;
import io.marketwire.audit.AuditState;
import io.marketwire.audit.TradingActivitySimulator;
import io.marketwire.component.stream.RabbitMqStreamComponent;
import io.marketwire.component.stream.RabbitMqStreamConstants;
import io.marketwire.dashboard.DashboardPanel;
import io.marketwire.model.MarketDataCodec;
import io.marketwire.web.RouteCompanion;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.AggregationRepository;

/** The beans the market-data routes call by name. */
public class MarketDataConfiguration implements CamelConfiguration, CamelContextAware {

  private CamelContext context;
  private final RouteCompanion marketDataProducer = RouteCompanion.marker();

  @Override
  public void setCamelContext(CamelContext camelContext) {
    this.context = camelContext;
  }

  @Override
  public CamelContext getCamelContext() {
    return context;
  }

  @BindToRegistry("marketDataCodec")
  public MarketDataCodec marketDataCodec() {
    return new MarketDataCodec();
  }

  // lazy: created when a route first calls it, after the shared Redis client is bound
  @BindToRegistry(value = "vwapBatcher", lazy = true)
  public VwapBatcher vwapBatcher(
      @PropertyInject("marketwire.vwap.consumer-name") String consumerName,
      @PropertyInject("marketwire.vwap.latest-key") String latestKey) {
    return new VwapBatcher(lookup("redisClient", RedisClient.class), consumerName, latestKey.trim());
  }

  @BindToRegistry("marketDataDecoder")
  public MarketDataDecoder marketDataDecoder() {
    return new MarketDataDecoder(marketDataCodec());
  }

  @BindToRegistry("tickBatchDecoder")
  public TickBatchDecoder tickBatchDecoder() {
    return new TickBatchDecoder(marketDataCodec());
  }

  @BindToRegistry(value = "streamRouter", lazy = true)
  public StreamRouter streamRouter(@PropertyInject("marketwire.market-data.super-stream") boolean superStream) {
    return new StreamRouter(lookup("routingRules", io.marketwire.config.RoutingRulesHolder.class), superStream);
  }

  // lazy: asked once, when the producer route's replay starts
  @BindToRegistry(value = "lastPublishedTick", lazy = true)
  public LastPublishedTick lastPublishedTick(
      @PropertyInject("marketwire.producer.name") String producerName,
      @PropertyInject("marketwire.replay.symbols") String symbols,
      @PropertyInject("marketwire.market-data.stream") String stream,
      @PropertyInject("marketwire.market-data.super-stream") boolean superStream,
      @PropertyInject("marketwire.market-data.partitions") int partitions) {
    return new LastPublishedTick(
        context().getComponent("rabbitmq-stream", RabbitMqStreamComponent.class),
        lookup("routingRules", io.marketwire.config.RoutingRulesHolder.class),
        producerName,
        Arrays.stream(symbols.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
        superStream ? MarketDataPartitions.names(stream, partitions) : List.of());
  }

  @BindToRegistry("nbboBook")
  public NbboBook nbboBook() {
    return new NbboBook();
  }

  @BindToRegistry("auditState")
  public AuditState auditState() {
    return new AuditState();
  }

  @BindToRegistry("auditCodec")
  public AuditEventCodec auditCodec(@PropertyInject("marketwire.audit.format") String format) {
    return new AuditEventCodec(AuditEventCodec.Format.parse(format));
  }

  @BindToRegistry("tradingActivity")
  public TradingActivitySimulator tradingActivity(
      @PropertyInject("marketwire.simulator.symbols") String symbols,
      @PropertyInject("marketwire.audit.seed") long seed) {
    return new TradingActivitySimulator(Arrays.asList(symbols.split("\\s*,\\s*")), seed);
  }

  @BindToRegistry("consumerActivity")
  public ConsumerActivity consumerActivity() {
    return new ConsumerActivity();
  }

  @BindToRegistry("streamConsumers")
  public StreamConsumers streamConsumers() {
    return new StreamConsumers(context());
  }

  @BindToRegistry("consumerLag")
  public ConsumerLagMonitor consumerLag(
      @PropertyInject("marketwire.lag.warn-threshold") long warnThreshold) {
    CamelContext ctx = context();
    return new ConsumerLagMonitor(
        new StreamConsumers(ctx),
        () -> ctx.getRegistry().findSingleByType(MeterRegistry.class),
        warnThreshold);
  }

  // the dashboard's market-data panels (docs/dashboard.md)
  @BindToRegistry("marketDataTotalsPanel")
  public DashboardPanel totalsPanel(@PropertyInject("marketwire.market-data.stream") String stream) {
    return new MarketDataTotalsPanel(stream, marketDataProducer);
  }

  /** The producer route's policy: the totals panel counts what that route completed. */
  @BindToRegistry("marketDataProducer")
  public RouteCompanion marketDataProducer() {
    return marketDataProducer;
  }

  @BindToRegistry("marketDataConsumersPanel")
  public DashboardPanel consumersPanel() {
    return new MarketDataConsumersPanel();
  }

  @BindToRegistry("streamGroupsPanel")
  public DashboardPanel streamGroupsPanel(
      @PropertyInject("marketwire.market-data.stream") String stream,
      @PropertyInject("marketwire.market-data.super-stream") boolean superStream,
      @PropertyInject("marketwire.market-data.partitions") int partitions,
      @PropertyInject("marketwire.instance") String instance,
      @PropertyInject("marketwire.rabbitmq.host") String host,
      @PropertyInject("marketwire.rabbitmq.management-port") int managementPort,
      @PropertyInject("marketwire.rabbitmq.virtual-host") String vhost,
      @PropertyInject("marketwire.rabbitmq.username") String username,
      @PropertyInject("marketwire.rabbitmq.password") String password) {
    return new StreamGroupsPanel(
        new StreamGroupMembers(host, managementPort, vhost, username, password),
        superStream ? MarketDataPartitions.names(stream, partitions) : List.of(stream),
        instance.isBlank() ? context().getName() : instance);
  }

  /** The VWAP route's policy: the panels read the batcher only where the VWAP flow runs. */
  @BindToRegistry(VwapSymbolsPanel.VWAP_FLOW)
  public RouteCompanion vwapFlow() {
    return RouteCompanion.marker();
  }

  @BindToRegistry("vwapSymbolsPanel")
  public DashboardPanel vwapSymbolsPanel() {
    return new VwapSymbolsPanel();
  }

  @BindToRegistry("priceTrendPanel")
  public DashboardPanel priceTrendPanel(@PropertyInject("marketwire.dashboard.trend-minutes") long minutes) {
    return new PriceTrendPanel(Duration.ofMinutes(minutes));
  }

  /** Every stream a market-data flow names. */
  @BindToRegistry("streamSizesPanel")
  public DashboardPanel streamSizesPanel(
      @PropertyInject("marketwire.market-data.stream") String marketData,
      @PropertyInject("marketwire.market-data.errors-stream") String errors,
      @PropertyInject("marketwire.vwap.stream") String vwap,
      @PropertyInject("marketwire.exchanges.streams.nyse") String nyse,
      @PropertyInject("marketwire.exchanges.streams.nasdaq") String nasdaq,
      @PropertyInject("marketwire.exchanges.streams.cboe") String cboe,
      @PropertyInject("marketwire.exchanges.unified-stream") String unified,
      @PropertyInject("marketwire.exchanges.nbbo-stream") String nbbo,
      @PropertyInject("marketwire.audit.stream") String audit) {
    return new StreamSizesPanel(List.of(marketData, errors, vwap, nyse, nasdaq, cboe, unified, nbbo, audit));
  }

  private CamelContext context() {
    if (context == null) {
      throw new IllegalStateException("MarketDataConfiguration used before configure()");
    }
    return context;
  }

  private <T> T lookup(String name, Class<T> type) {
    T bean = context().getRegistry().lookupByNameAndType(name, type);
    if (bean == null) {
      throw new IllegalStateException("no bean " + name + " of type " + type.getSimpleName());
    }
    return bean;
  }
}
