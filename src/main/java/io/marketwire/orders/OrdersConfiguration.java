package io.marketwire.orders;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * The beans the order routes call by name, built from {@code marketwire.orders.*}, and the
 * order topology, declared when the context starts (and again on every new connection).
 * Registered through {@code camel.main.configuration-classes} in config/application.properties.
 */
public class OrdersConfiguration implements CamelConfiguration {

  @Override
  public void configure(CamelContext context) throws Exception {
    var props = context.getPropertiesComponent();
    OrdersSettings settings =
        OrdersSettings.from(
            key ->
                props
                    .resolveProperty(key)
                    .orElseThrow(() -> new IllegalArgumentException("missing setting " + key + " in config/application.properties")));
    Registry registry = context.getRegistry();
    OrderStats stats = new OrderStats();
    double transientShare = Double.parseDouble(props.resolveProperty("marketwire.orders.failure-transient-share").orElse("0.5"));
    FailureSimulator failures = new FailureSimulator(settings.failureRate(), transientShare, settings.failureSeed());
    registry.bind("ordersSettings", settings);
    registry.bind("orderStats", stats);
    registry.bind(
        "orderWorker",
        new OrderWorker(failures, settings.retry(), stats, props.resolveProperty("marketwire.orders.worker.id").orElse("").trim()));
    registry.bind("orderAcks", new Acknowledgements());
    registry.bind("orderAuditEvents", new OrderAuditEvents());
    registry.bind("inventory", new InventoryService());
    registry.bind("rpcRequests", new InventoryRequests());
    registry.bind(
        "orderFactory",
        new OrderFactory(
            settings.failureSeed(),
            props.resolveProperty("marketwire.orders.produce.run-id").filter(s -> !s.isBlank())
                .orElse(Long.toString(System.currentTimeMillis() % 1_000_000, 36)),
            Integer.parseInt(props.resolveProperty("marketwire.orders.produce.malformed-every").orElse("0")),
            Integer.parseInt(props.resolveProperty("marketwire.orders.produce.unknown-region-every").orElse("0")),
            Integer.parseInt(props.resolveProperty("marketwire.orders.produce.vip-every").orElse("0"))));
    registry.bind("ordersDemo", new OrdersDemo(stats));
    registry.bind("ordersPanel", new OrdersPanel(stats, settings));
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
