package io.marketwire.source;

import java.util.Iterator;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/** Emits simulated or replayed market data ticks into a route. */
@UriEndpoint(
    firstVersion = "0.1.0",
    scheme = "ticks",
    title = "Market data tick sources",
    syntax = "ticks:source",
    category = {Category.MESSAGING},
    consumerOnly = true,
    headersClass = TicksConstants.class)
public class TicksEndpoint extends DefaultEndpoint {

  @UriParam private TicksConfiguration configuration;

  public TicksEndpoint(String uri, TicksComponent component, TicksConfiguration configuration) {
    super(uri, component);
    this.configuration = configuration;
  }

  @Override
  public Producer createProducer() {
    throw new UnsupportedOperationException(
        "ticks: is a source only; it cannot be used in to(): " + getEndpointUri());
  }

  @Override
  public Consumer createConsumer(Processor processor) throws Exception {
    TicksConsumer consumer = new TicksConsumer(this, processor);
    configureConsumer(consumer);
    return consumer;
  }

  public TicksConfiguration getConfiguration() {
    return configuration;
  }

  /** The options; set by the component from the URI. */
  public void setConfiguration(TicksConfiguration configuration) {
    this.configuration = configuration;
  }

  /** A new simulator with this endpoint's options. */
  public TickSimulator newSimulator() {
    TicksConfiguration c = configuration;
    TickSimulator.Builder builder =
        TickSimulator.builder()
            .startPrices(TickSimulator.parseStartPrices(c.getStartPrices()))
            .volatility(c.getVolatility())
            .seed(c.getSeed())
            .exchange(blankOr(c.getExchange(), TickSimulator.DEFAULT_EXCHANGE));
    if (!c.symbolList().isEmpty()) {
      builder.symbols(c.symbolList());
    }
    return builder.build();
  }

  /** Opens a replay with this endpoint's options. */
  public BarReplay openReplay() {
    TicksConfiguration c = configuration;
    return BarReplay.builder()
        .directory(c.directoryPath())
        .symbols(c.symbolList())
        .window(TimeWindow.parse(c.getFrom(), c.getTo()))
        .ticksPerBar(c.getTicksPerBar())
        .exchange(blankOr(c.getExchange(), BarReplay.DEFAULT_EXCHANGE))
        .emitTicks(c.isEmitTicks())
        .emitBars(c.isEmitBars())
        .open();
  }

  /** The events this endpoint's source emits, unpaced; replays must be closed. */
  Iterator<SourceEvent> openEvents() {
    if (configuration.getSource() == TickSourceKind.REPLAY) {
      return openReplay();
    }
    TickSimulator simulator = newSimulator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public SourceEvent next() {
        return new SourceEvent.Tick(simulator.next());
      }
    };
  }

  private static String blankOr(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
