package io.marketwire.component.redisstream;

import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * Keeps Camel's own headers (Camel*, org.apache.camel.*) out of stream entries and out of the
 * headers set from entries: a field named like a Camel header must not steer the route that reads
 * it, and routing state must not leak into Redis.
 */
public class RedisStreamHeaderFilterStrategy extends DefaultHeaderFilterStrategy {

  public RedisStreamHeaderFilterStrategy() {
    setOutFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
    setInFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
  }
}
