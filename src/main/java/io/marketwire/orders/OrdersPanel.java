package io.marketwire.orders;

import io.marketwire.dashboard.DashboardPanel;
import io.marketwire.dashboard.PanelSources;
import io.marketwire.web.RouteCompanion;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;

/**
 * The dashboard's {@code orders}: the counts of {@link OrderStats}, the request-reply round trip
 * (metrics of the route that names {@code rpcCall} as its policy: the client's call) and the depth of every order queue of this namespace.
 */
final class OrdersPanel implements DashboardPanel {

  private final OrderStats stats;
  private final String queuePrefix;
  private final RouteCompanion rpcCall;

  OrdersPanel(OrderStats stats, OrdersSettings settings, RouteCompanion rpcCall) {
    this.stats = stats;
    this.queuePrefix = settings.name("orders.");
    this.rpcCall = rpcCall;
  }

  @Override
  public String name() {
    return "orders";
  }

  @Override
  public Map<String, Object> read(PanelSources sources) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("produced", stats.produced());
    out.put("processed", stats.processedCount());
    out.put("retried", stats.retriedCount());
    out.put("deadLettered", stats.deadLetteredCount());
    out.put("dispatched", stats.dispatchedCount());
    out.put("rpcAnswered", stats.rpcAnsweredCount());
    out.put("rpcTimedOut", stats.rpcTimedOutCount());
    ManagedRouteMBean rpc = sources.managedRoute(rpcCall);
    if (rpc != null && rpc.getExchangesTotal() > 0) {
      out.put("rpcLatencyMeanMs", rpc.getMeanProcessingTime());
      out.put("rpcLatencyMaxMs", rpc.getMaxProcessingTime());
      out.put("rpcLatencyLastMs", rpc.getLastProcessingTime());
    }
    out.put("queues", sources.messagesStartingWith(queuePrefix));
    return out;
  }
}
