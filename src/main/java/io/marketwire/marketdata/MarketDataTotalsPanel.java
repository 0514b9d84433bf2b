package io.marketwire.marketdata;

import io.marketwire.component.stream.RabbitMqStreamConsumer;
import io.marketwire.dashboard.DashboardPanel;
import io.marketwire.dashboard.PanelSources;
import io.marketwire.web.RouteCompanion;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;

/**
 * The dashboard's {@code totals}: ticks produced (completed exchanges of the route that names
 * {@code marketDataProducer} as its policy), held
 * by the market-data stream, and consumed (all consumers, with how many are active and their
 * summed rate).
 */
final class MarketDataTotalsPanel implements DashboardPanel {

  private final String stream;
  private final RouteCompanion producer;

  MarketDataTotalsPanel(String stream, RouteCompanion producer) {
    this.stream = stream;
    this.producer = producer;
  }

  @Override
  public String name() {
    return "totals";
  }

  @Override
  public Map<String, Object> read(PanelSources sources) {
    ConsumerActivity activity = sources.bean("consumerActivity", ConsumerActivity.class);
    Map<String, Map<String, Object>> consumers = activity == null ? Map.of() : activity.snapshot();
    long consumed = 0;
    long rate = 0;
    int active = 0;
    for (Map<String, Object> row : consumers.values()) {
      consumed += ((Number) row.get("count")).longValue();
      long r = ((Number) row.get("rate")).longValue();
      rate += r;
      if (r > 0) {
        active++;
      }
    }
    Map<String, Object> totals = new LinkedHashMap<>();
    ManagedRouteMBean produced = sources.managedRoute(producer);
    totals.put("produced", produced == null ? null : produced.getExchangesCompleted());
    totals.put("inStream", inStream(sources));
    totals.put("consumed", consumed);
    totals.put("activeConsumers", active);
    totals.put("consumers", consumers.size());
    totals.put("consumeRate", rate);
    return totals;
  }

  /**
   * Messages the market-data stream holds: its last committed offset plus one, asked of the broker
   * through a running consumer of the stream (exact, and fresh); otherwise the management API's
   * figure (refreshed every few seconds).
   */
  private Long inStream(PanelSources sources) {
    for (RabbitMqStreamConsumer consumer : new StreamConsumers(sources.context()).named()) {
      if (stream.equals(consumer.getConfiguration().getStream())) {
        long committed = consumer.committedOffset();
        if (committed >= 0) {
          return committed + 1;
        }
      }
    }
    return sources.messages(stream);
  }
}
