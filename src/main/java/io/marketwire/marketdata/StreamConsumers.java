package io.marketwire.marketdata;

import io.marketwire.component.stream.RabbitMqStreamConsumer;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * Finds the {@code rabbitmq-stream:} consumers of running routes, for work that happens outside
 * their message handler: storing a batch's offset, measuring lag.
 */
public final class StreamConsumers {

  private final CamelContext context;

  public StreamConsumers(CamelContext context) {
    this.context = context;
  }

  /** Stores {@code offset} for the named consumer that feeds route {@code routeId}. */
  public void storeOffset(String routeId, long offset) {
    if (offset < 0) {
      return;
    }
    Route route = context.getRoute(routeId);
    if (route == null || !(route.getConsumer() instanceof RabbitMqStreamConsumer consumer)) {
      throw new IllegalArgumentException("route " + routeId + " has no rabbitmq-stream consumer");
    }
    consumer.storeOffset(offset);
  }

  /** Every running route's stream consumer that has a consumer name (offsets on the broker). */
  public List<RabbitMqStreamConsumer> named() {
    return context.getRoutes().stream()
        .map(Route::getConsumer)
        .filter(RabbitMqStreamConsumer.class::isInstance)
        .map(RabbitMqStreamConsumer.class::cast)
        .filter(c -> c.getConfiguration().getConsumerName() != null && !c.getConfiguration().getConsumerName().isBlank())
        .toList();
  }
}
