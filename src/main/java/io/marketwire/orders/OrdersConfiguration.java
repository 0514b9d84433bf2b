package io.marketwire.orders;

import io.marketwire.web.RouteCompanion;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * The beans the order routes call by name, built from {@code marketwire.orders.*}, and the
 * order topology, declared when the context starts (and again on every new connection).
 * Registered through {@code camel.main.configuration-classes} in config/application.properties.
 */
public class OrdersConfiguration implements CamelConfiguration {

  @PropertyInject("marketwire.orders.namespace")
  private String namespace;

  @PropertyInject("marketwire.orders.failure-rate")
  private double failureRate;

  @PropertyInject("marketwire.orders.failure-transient-share")
  private double transientShare;

  @PropertyInject("marketwire.orders.failure-seed")
  private long failureSeed;

  @PropertyInject("marketwire.orders.retry.max-attempts")
  private int retryMaxAttempts;

  @PropertyInject("marketwire.orders.retry.initial-delay")
  private java.time.Duration retryInitialDelay;

  @PropertyInject("marketwire.orders.retry.multiplier")
  private double retryMultiplier;

  @PropertyInject("marketwire.orders.retry.max-delay")
  private java.time.Duration retryMaxDelay;

  @PropertyInject("marketwire.orders.work-queue.max-length")
  private long workQueueMaxLength;

  @PropertyInject("marketwire.orders.work-queue.delivery-limit")
  private int deliveryLimit;

  @PropertyInject("marketwire.orders.analytics.ttl")
  private java.time.Duration analyticsTtl;

  @PropertyInject("marketwire.orders.analytics.max-length")
  private long analyticsMaxLength;

  @PropertyInject("marketwire.orders.vip.max-priority")
  private int vipMaxPriority;

  @PropertyInject("marketwire.orders.queue-type")
  private String queueType;

  @PropertyInject("marketwire.orders.vip.queue-type")
  private String vipQueueType;

  @PropertyInject("marketwire.orders.worker.id")
  private String workerId;

  // blank: a run id of its own per start, so order ids of two runs do not meet
  @PropertyInject("marketwire.orders.produce.run-id")
  private String runId;

  @PropertyInject("marketwire.orders.produce.malformed-every")
  private int malformedEvery;

  @PropertyInject("marketwire.orders.produce.unknown-region-every")
  private int unknownRegionEvery;

  @PropertyInject("marketwire.orders.produce.vip-every")
  private int vipEvery;

  @PropertyInject("marketwire.orders.produce.count")
  private int demoOrders;

  @PropertyInject("marketwire.orders.rpc.calls")
  private int demoRpcCalls;

  @PropertyInject("marketwire.orders.demo.settle-timeout")
  private java.time.Duration demoSettleTimeout;

  @Override
  public void configure(CamelContext context) throws Exception {
    OrdersSettings settings =
        new OrdersSettings(
            namespace.trim(),
            failureRate,
            failureSeed,
            new RetryPolicy(retryMaxAttempts, retryInitialDelay.toMillis(), retryMultiplier, retryMaxDelay.toMillis()),
            workQueueMaxLength,
            deliveryLimit,
            analyticsTtl.toMillis(),
            analyticsMaxLength,
            vipMaxPriority,
            queueType.trim(),
            vipQueueType.trim());
    Registry registry = context.getRegistry();
    OrderStats stats = new OrderStats();
    FailureSimulator failures = new FailureSimulator(settings.failureRate(), transientShare, settings.failureSeed());
    registry.bind("ordersSettings", settings);
    registry.bind("orderStats", stats);
    registry.bind(
        "orderWorker",
        new OrderWorker(failures, settings.retry(), stats, workerId.trim()));
    registry.bind("orderAcks", new Acknowledgements());
    registry.bind("orderAuditEvents", new OrderAuditEvents());
    registry.bind("inventory", new InventoryService());
    registry.bind("rpcRequests", new InventoryRequests());
    registry.bind(
        "orderFactory",
        new OrderFactory(
            settings.failureSeed(),
            runId.isBlank() ? Long.toString(System.currentTimeMillis() % 1_000_000, 36) : runId.trim(),
            malformedEvery,
            unknownRegionEvery,
            vipEvery));
    registry.bind("ordersDemo", new OrdersDemo(stats, demoOrders, demoRpcCalls, demoSettleTimeout));
    // the RPC client's call route names it as its policy: the panel shows that route's round trip
    RouteCompanion rpcCall = RouteCompanion.marker();
    registry.bind("rpcCall", rpcCall);
    registry.bind("ordersPanel", new OrdersPanel(stats, settings, rpcCall));
    ConnectionFactory rabbit = registry.lookupByNameAndType("rabbitConnectionFactory", ConnectionFactory.class);
    OrdersTopology topology = new OrdersTopology(settings, rabbit);
    registry.bind("ordersTopology", topology);
    // a service, so the topology is declared before the consumers start and the reconnect
    // listener goes away when the context stops
    context.addService(new TopologyService(topology), true, true);
  }

  /** Declares the topology on start; removes the redeclare-on-reconnect listener on stop. */
  static final class TopologyService extends ServiceSupport implements CamelContextAware {
    private final OrdersTopology topology;
    private CamelContext context;

    TopologyService(OrdersTopology topology) {
      this.topology = topology;
    }

    @Override
    protected void doStart() {
      topology.start();
    }

    @Override
    protected void doStop() {
      topology.stop();
    }

    @Override
    public CamelContext getCamelContext() {
      return context;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
      this.context = camelContext;
    }
  }
}
