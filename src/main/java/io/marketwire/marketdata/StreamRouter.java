package io.marketwire.marketdata;

import io.marketwire.component.stream.RabbitMqStreamConstants;
import io.marketwire.config.RoutingRulesHolder;
import io.marketwire.source.TicksConstants;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Names the stream the live routing rules give the tick's symbol in the rabbitmq-stream
 * producer's override header, so the route sends every tick through one static endpoint. Both
 * choices are measured (docs/benchmarks.md): a processor rather than a bean method with an
 * expression argument (3.6k vs 9.2k ticks/s), and a header on a static {@code to} rather than a
 * {@code toD}, which parses and normalises an endpoint URI for every tick.
 *
 * <p>On a super stream the producer routes by the symbol itself (its routing key), so the rules'
 * streams do not apply and nothing is named.
 */
public final class StreamRouter implements Processor {

  private final RoutingRulesHolder rules;
  private final boolean superStream;

  public StreamRouter(RoutingRulesHolder rules, boolean superStream) {
    this.rules = rules;
    this.superStream = superStream;
  }

  @Override
  public void process(Exchange exchange) {
    if (superStream) {
      return;
    }
    Message message = exchange.getMessage();
    if (message.getBody() instanceof List<?> batch) {
      // a batch of ticks (the ticks source's batchSize): each tick names its own stream
      for (Object item : batch) {
        if (item instanceof Message tick) {
          route(tick);
        }
      }
    } else {
      route(message);
    }
  }

  private void route(Message tick) {
    tick.setHeader(RabbitMqStreamConstants.OVERRIDE_STREAM, rules.streamFor(tick.getHeader(TicksConstants.SYMBOL, String.class)));
  }
}
