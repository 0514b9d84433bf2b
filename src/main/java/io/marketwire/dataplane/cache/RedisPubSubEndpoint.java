package io.marketwire.dataplane.cache;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;

/** Messages of Redis pub/sub channels matching a pattern; header {@value #CHANNEL} names the channel. */
@UriEndpoint(
    firstVersion = "0.1.0",
    scheme = "redis-pubsub",
    title = "Redis pub/sub",
    syntax = "redis-pubsub:pattern",
    consumerOnly = true,
    category = {org.apache.camel.Category.CACHE})
public class RedisPubSubEndpoint extends DefaultEndpoint {

  public static final String CHANNEL = "MarketwireRedisChannel";

  @UriPath(description = "Channel pattern, e.g. mdc:*") private final String pattern;

  public RedisPubSubEndpoint(String uri, RedisPubSubComponent component, String pattern) {
    super(uri, component);
    this.pattern = pattern;
  }

  @Override
  public Producer createProducer() {
    throw new UnsupportedOperationException("redis-pubsub: is a consumer only; publish with the cache");
  }

  @Override
  public Consumer createConsumer(Processor processor) throws Exception {
    Consumer consumer = new PubSubConsumer(this, processor);
    configureConsumer(consumer);
    return consumer;
  }

  /** Runs the route on Lettuce's thread for the connection: one at a time, in publish order. */
  public static final class PubSubConsumer extends DefaultConsumer {
    private final RedisPubSubEndpoint endpoint;
    private StatefulRedisPubSubConnection<String, String> connection;

    PubSubConsumer(RedisPubSubEndpoint endpoint, Processor processor) {
      super(endpoint, processor);
      this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
      super.doStart();
      RedisClient client =
          endpoint.getCamelContext().getRegistry().lookupByNameAndType("redisClient", RedisClient.class);
      if (client == null) {
        throw new IllegalStateException("redis-pubsub: needs a RedisClient bean named redisClient");
      }
      connection = client.connectPubSub();
      connection.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
              deliver(channel, message);
            }
          });
      connection.sync().psubscribe(endpoint.pattern);
    }

    /**
     * The subscribed connection. It speaks RESP3, so commands sent on it are answered in order with
     * the messages it receives: a GET here sees exactly the updates delivered before its reply.
     */
    public StatefulRedisPubSubConnection<String, String> connection() {
      return connection;
    }

    private void deliver(String channel, String message) {
      Exchange exchange = createExchange(false);
      try {
        exchange.getMessage().setBody(message);
        exchange.getMessage().setHeader(CHANNEL, channel);
        getProcessor().process(exchange);
        if (exchange.getException() != null) {
          getExceptionHandler().handleException("Delivering " + channel + " failed", exchange, exchange.getException());
        }
      } catch (Exception e) {
        getExceptionHandler().handleException("Delivering " + channel + " failed", exchange, e);
      } finally {
        releaseExchange(exchange, false);
      }
    }

    @Override
    protected void doStop() throws Exception {
      if (connection != null) {
        connection.close();
        connection = null;
      }
      super.doStop();
    }
  }
}
