package io.marketwire.marketdata;

import io.marketwire.component.stream.RabbitMqStreamConsumer;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;

/**
 * Finds the named {@code rabbitmq-stream:} consumers of running routes, to measure their lag.
 */
public final class StreamConsumers {

  private final CamelContext context;

  public StreamConsumers(CamelContext context) {
    this.context = context;
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
