package io.marketwire.config;

import org.apache.camel.spi.PropertiesFunction;
import org.apache.camel.util.TimeUtils;

/**
 * The placeholder function {@code {{millis:KEY}}}: the duration setting KEY (Camel's time style,
 * {@code 5s}, {@code 200ms}) as a number of milliseconds, for the few places that take only a
 * number: RabbitMQ's {@code x-message-ttl} and per-message expiration, and the redelivery delays
 * of Camel's error handler (which parses them as a long). Camel finds it by its name under
 * {@code META-INF/services/org/apache/camel/properties-function/}, as it finds its own.
 */
public class MillisPropertiesFunction implements PropertiesFunction {

  @Override
  public String getName() {
    return "millis";
  }

  /** Camel resolves the key first and passes its value here. */
  @Override
  public boolean lookupFirst(String remainder) {
    return true;
  }

  @Override
  public String apply(String duration) {
    return Long.toString(TimeUtils.toMilliSeconds(duration.strip()));
  }
}
