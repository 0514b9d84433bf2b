package io.marketwire.dataplane.cache;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code redis-pubsub:} component: {@code redis-pubsub:mdc:*} receives every message published
 * on channels matching the pattern (PSUBSCRIBE), on the shared Lettuce {@code redisClient}. Camel's
 * spring-redis consumer does the same through Spring's listener container, which dispatches on
 * many threads and so loses the order of a channel's updates; this one keeps it.
 */
@Component("redis-pubsub")
public class RedisPubSubComponent extends DefaultComponent {

  @Override
  protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
      throws Exception {
    RedisPubSubEndpoint endpoint = new RedisPubSubEndpoint(uri, this, remaining);
    setProperties(endpoint, parameters);
    return endpoint;
  }
}
