package io.marketwire.orders;

import java.time.Duration;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./marketwire orders demo}: with every order route running in this process, makes RPC
 * inventory calls, publishes the orders, waits until each confirmed order is processed or
 * dead-lettered (and each processed order dispatched or caught as unroutable); its route then
 * shows the RPC timeout by stopping the RPC server for one call, and {@link #done} prints the
 * summary and stops the app.
 */
public final class OrdersDemo {

  private static final Logger LOG = LoggerFactory.getLogger("orders.demo");

  private final OrderStats stats;
  private final int orders;
  private final int rpcCalls;
  private final Duration settle;

  /**
   * @param orders how many orders it publishes
   * @param rpcCalls how many inventory calls it makes first
   * @param settle how long it waits for every order to settle before the summary
   */
  public OrdersDemo(OrderStats stats, int orders, int rpcCalls, Duration settle) {
    this.stats = stats;
    this.orders = orders;
    this.rpcCalls = rpcCalls;
    this.settle = settle;
  }

  public void run(Exchange trigger) throws Exception {
    CamelContext context = trigger.getContext();
    ProducerTemplate template = context.createProducerTemplate();
    try {
      LOG.info("---- 1. RPC: {} inventory checks (request with correlation_id and reply_to) ----", rpcCalls);
      for (int i = 0; i < rpcCalls; i++) {
        template.sendBody("direct:inventory-check", null);
      }
      LOG.info("---- 2. publishing {} orders to orders.direct with publisher confirms ----", orders);
      for (int i = 0; i < orders; i++) {
        template.send("direct:order-produce-one", e -> {});
      }
      LOG.info("---- 3. waiting until every confirmed order is processed or dead-lettered (retries take a while) ----");
      Instant deadline = Instant.now().plus(settle);
      while (Instant.now().isBefore(deadline)
          && !(stats.settled() && stats.processedCount() == stats.dispatchedCount() + stats.unroutableCount())) {
        Thread.sleep(200); // a polling wait in the demo driver, not in a test
      }
    } finally {
      template.stop();
    }
  }

  /** For the demo, {@code produce N} and {@code rpc-client}: summary, then stop once the last one is done. */
  public void done(Exchange exchange) {
    LOG.info(stats.summary());
    Runnable shutdown = exchange.getContext().getRegistry().lookupByNameAndType(io.marketwire.app.MarketwireMain.SHUTDOWN_BEAN, Runnable.class);
    if (shutdown != null) {
      new Thread(shutdown, "orders-shutdown").start();
    }
  }
}
