package io.marketwire.component.stream;

import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * Keeps Camel's own headers (and the component's, which start the same way) out of a message's
 * application properties, and out of the exchange when a stream message carries them.
 */
public class RabbitMqStreamHeaderFilterStrategy extends DefaultHeaderFilterStrategy {

  public RabbitMqStreamHeaderFilterStrategy() {
    setOutFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
    setInFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
  }
}
