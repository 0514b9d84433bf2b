package io.marketwire.component.redisstream;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/** Append to (XADD) and read from (XREADGROUP with XACK, or XREAD) a Redis stream. */
@UriEndpoint(
    firstVersion = "0.1.0",
    scheme = "redis-stream",
    title = "Redis Stream",
    syntax = "redis-stream:stream",
    category = {Category.MESSAGING},
    headersClass = RedisStreamConstants.class)
public class RedisStreamEndpoint extends DefaultEndpoint implements HeaderFilterStrategyAware {

  @UriParam private final RedisStreamConfiguration configuration;

  @UriParam(
      label = "advanced",
      description =
          "Which headers the producer may write as fields and the consumer may set from fields"
              + " (see headerFields); the default, RedisStreamHeaderFilterStrategy, keeps Camel's"
              + " own headers out both ways.")
  private HeaderFilterStrategy headerFilterStrategy = new RedisStreamHeaderFilterStrategy();

  private List<Class<? extends Throwable>> poisonExceptionTypes = List.of();

  public RedisStreamEndpoint(
      String uri, RedisStreamComponent component, RedisStreamConfiguration configuration) {
    super(uri, component);
    this.configuration = configuration;
  }

  @Override
  public RedisStreamComponent getComponent() {
    return (RedisStreamComponent) super.getComponent();
  }

  public RedisStreamConfiguration getConfiguration() {
    return configuration;
  }

  @Override
  public HeaderFilterStrategy getHeaderFilterStrategy() {
    return headerFilterStrategy;
  }

  @Override
  public void setHeaderFilterStrategy(HeaderFilterStrategy headerFilterStrategy) {
    this.headerFilterStrategy = headerFilterStrategy;
  }

  /** Rejects combinations Redis would refuse later, with a message that says which option. */
  void validate() {
    RedisStreamConfiguration c = configuration;
    boolean minIdTrim = (c.getMinId() != null && !c.getMinId().isBlank()) || c.getMinIdAge() > 0;
    if (c.getMaxLen() > 0 && minIdTrim) {
      throw new IllegalArgumentException(
          "redis-stream:" + c.getStream() + ": set maxLen or minId/minIdAge, not both");
    }
    if (c.getCount() < 1) {
      throw new IllegalArgumentException("redis-stream: count must be at least 1");
    }
    if (c.getBlock() < 1) {
      // BLOCK 0 means "forever" to Redis: the consumer could then neither stop nor reclaim
      throw new IllegalArgumentException("redis-stream: block must be at least 1 ms");
    }
    if (c.getMinIdleTime() < 0 || c.getMaxDeliveries() < 0) {
      throw new IllegalArgumentException(
          "redis-stream: minIdleTime and maxDeliveries must not be negative");
    }
    if (c.getConcurrentConsumers() < 1) {
      throw new IllegalArgumentException("redis-stream: concurrentConsumers must be at least 1");
    }
    if (c.getBatchMaxSize() < 1 || c.getBatchTimeout() < 1) {
      throw new IllegalArgumentException(
          "redis-stream: batchMaxSize must be at least 1 and batchTimeout at least 1ms");
    }
    if (c.isAllowManualCommit() && !c.isGrouped()) {
      throw new IllegalArgumentException(
          "redis-stream:"
              + c.getStream()
              + ": allowManualCommit needs a group (a plain reader acknowledges nothing)");
    }
  }

  /**
   * Loads the poisonExceptions classes when the endpoint is created, so that a misspelt class fails
   * the endpoint instead of silently retrying what it should have dead-lettered.
   */
  void resolvePoisonExceptions() {
    List<Class<? extends Throwable>> types = new ArrayList<>();
    for (String name : configuration.poisonExceptionList()) {
      Class<?> type = getCamelContext().getClassResolver().resolveClass(name);
      if (type == null || !Throwable.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException(
            "redis-stream: poisonExceptions names " + name + ", which is no exception class");
      }
      types.add(type.asSubclass(Throwable.class));
    }
    poisonExceptionTypes = List.copyOf(types);
  }

  /** The resolved poisonExceptions classes (empty: every failure is retried). */
  List<Class<? extends Throwable>> getPoisonExceptionTypes() {
    return poisonExceptionTypes;
  }

  @Override
  public Producer createProducer() throws Exception {
    return new RedisStreamProducer(this);
  }

  @Override
  public Consumer createConsumer(Processor processor) throws Exception {
    RedisStreamConsumer consumer = new RedisStreamConsumer(this, processor);
    configureConsumer(consumer);
    return consumer;
  }
}
