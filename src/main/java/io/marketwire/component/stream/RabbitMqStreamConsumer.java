package io.marketwire.component.stream;

import com.rabbitmq.stream.ConsumerBuilder;
import com.rabbitmq.stream.ConsumerFlowStrategy;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.MessageHandler;
import com.rabbitmq.stream.Properties;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a stream or a super stream and runs the route once per message, synchronously, on the
 * client's dispatching thread.
 *
 * <p>Running the route in the message handler is what gives flow control: the client grants the
 * broker a new credit (one chunk) when it starts dispatching a chunk, and it cannot start the next
 * chunk while the route still processes this one, so a slow route slows the read and at most
 * {@code initialCredits} chunks wait in memory. It also keeps offsets in order: an offset is stored
 * (auto or manual tracking) only after the route finished that message and all before it.
 *
 * <p>A message the route fails on is reported to the consumer's exception handler (logged with its
 * offset) and the read goes on, as a log has no redelivery: use a dead-letter channel in the route
 * to keep such messages.
 */
public class RabbitMqStreamConsumer extends DefaultConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqStreamConsumer.class);

  private final RabbitMqStreamEndpoint endpoint;
  private final RabbitMqStreamConfiguration config;
  private final HeaderFilterStrategy headerFilter = RabbitMqStreamProducer.camelHeaderFilter();
  private Environment environment;
  private volatile com.rabbitmq.stream.Consumer consumer;
  private boolean manualTracking;

  public RabbitMqStreamConsumer(RabbitMqStreamEndpoint endpoint, Processor processor) {
    super(endpoint, processor);
    this.endpoint = endpoint;
    this.config = endpoint.getConfiguration();
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    RabbitMqStreamEndpoint.Options o = endpoint.options();
    environment = endpoint.acquireEnvironment();
    try {
      endpoint.ensureStream(environment);
      ConsumerBuilder builder = environment.consumerBuilder();
      if (config.isSuperStream()) {
        builder.superStream(config.getStream());
      } else {
        builder.stream(config.getStream());
      }
      builder.offset(o.offset);
      boolean named = config.getConsumerName() != null && !config.getConsumerName().isBlank();
      manualTracking = false;
      if (named) {
        builder.name(config.getConsumerName());
        switch (o.offsetTracking) {
          case AUTO ->
              builder =
                  builder
                      .autoTrackingStrategy()
                      .messageCountBeforeStorage(config.getAutoCommitMessageCount())
                      .flushInterval(o.autoCommitFlushInterval)
                      .builder();
          case MANUAL -> {
            builder = builder.manualTrackingStrategy().builder();
            manualTracking = true;
          }
          case NONE -> builder = builder.noTrackingStrategy();
        }
        if (config.isSingleActiveConsumer()) {
          builder.singleActiveConsumer();
        }
      }
      if (!o.filterValues.isEmpty()) {
        Set<String> values = new HashSet<>(o.filterValues);
        String property = config.getFilterValueProperty();
        boolean matchUnfiltered = config.isFilterMatchUnfiltered();
        // the broker filters by chunk (a Bloom filter), so a chunk can hold other values:
        // this predicate is what guarantees only matching messages reach the route
        Predicate<Message> postFilter =
            m -> {
              String v = RabbitMqStreamProducer.stringProperty(m, property);
              return v == null ? matchUnfiltered : values.contains(v);
            };
        builder =
            builder
                .filter()
                .values(o.filterValues.toArray(String[]::new))
                .postFilter(postFilter)
                .matchUnfiltered(matchUnfiltered)
                .builder();
      }
      builder =
          builder
              .flow()
              .strategy(ConsumerFlowStrategy.creditOnChunkArrival(config.getInitialCredits()))
              .builder();
      builder.messageHandler(this::handle);
      consumer = builder.build();
      LOG.debug("Started consumer on {} at {}", config.getStream(), config.getOffset());
    } catch (RuntimeException e) {
      endpoint.releaseEnvironment();
      environment = null;
      throw e;
    }
  }

  @Override
  protected void doStop() throws Exception {
    com.rabbitmq.stream.Consumer c = consumer;
    consumer = null;
    if (c != null) {
      try {
        // with auto tracking, closing stores the last processed offset
        c.close();
      } catch (RuntimeException e) {
        LOG.warn("Error closing consumer on {}: {}", config.getStream(), e.getMessage());
      }
    }
    if (environment != null) {
      endpoint.releaseEnvironment();
      environment = null;
    }
    super.doStop();
  }

  /**
   * Stores an offset on the broker for this named consumer. For routes that finish their work
   * somewhere else than in the message handler (an aggregator completing a batch on its own
   * thread): they store the batch's last offset once the batch is done, so that a restart resumes
   * after it and never before a message that was not finished.
   */
  public void storeOffset(long offset) {
    com.rabbitmq.stream.Consumer c = consumer;
    if (c == null) {
      throw new IllegalStateException("consumer on " + config.getStream() + " is not running");
    }
    c.store(offset);
  }

  /**
   * The offset the broker has stored for this named consumer, or -1 when none is stored yet; used
   * for consumer lag.
   */
  public long storedOffset() {
    com.rabbitmq.stream.Consumer c = consumer;
    if (c == null) {
      return -1;
    }
    try {
      return c.storedOffset();
    } catch (RuntimeException e) {
      // NoOffsetException: nothing stored yet
      return -1;
    }
  }

  public RabbitMqStreamConfiguration getConfiguration() {
    return config;
  }

  /**
   * The newest committed offset the broker reports for the stream, or -1 if empty. RabbitMQ 4.0
   * does not report the committed offset itself (4.1 does), only the first offset of the last
   * committed chunk, which is then used: lag computed from it can be short by at most one chunk.
   */
  public long committedOffset() {
    Environment env = environment;
    if (env == null || config.isSuperStream()) {
      return -1;
    }
    try {
      var stats = env.queryStreamStats(config.getStream());
      try {
        return stats.committedOffset();
      } catch (com.rabbitmq.stream.NoOffsetException e) {
        return stats.committedChunkId();
      }
    } catch (RuntimeException e) {
      // NoOffsetException: the stream is empty
      return -1;
    }
  }

  private void handle(MessageHandler.Context context, Message message) {
    Exchange exchange = createExchange(false);
    try {
      populate(exchange, context, message);
      getProcessor().process(exchange);
      if (manualTracking
          && exchange.getMessage().getHeader(RabbitMqStreamConstants.STORE_OFFSET, false, Boolean.class)) {
        context.storeOffset();
      }
    } catch (Exception e) {
      exchange.setException(e);
    } finally {
      if (exchange.getException() != null) {
        getExceptionHandler()
            .handleException(
                "Error processing message at offset "
                    + context.offset()
                    + " of "
                    + context.stream(),
                exchange,
                exchange.getException());
      }
      releaseExchange(exchange, false);
    }
  }

  private void populate(Exchange exchange, MessageHandler.Context context, Message message) {
    org.apache.camel.Message in = exchange.getIn();
    in.setBody(message.getBodyAsBinary());
    Map<String, Object> app = message.getApplicationProperties();
    if (app != null) {
      for (Map.Entry<String, Object> e : app.entrySet()) {
        if (e.getValue() != null
            && !headerFilter.applyFilterToExternalHeaders(e.getKey(), e.getValue(), exchange)) {
          in.setHeader(e.getKey(), e.getValue());
        }
      }
    }
    Properties p = message.getProperties();
    if (p != null) {
      setIfPresent(in, RabbitMqStreamConstants.MESSAGE_ID, p.getMessageId());
      setIfPresent(in, RabbitMqStreamConstants.CORRELATION_ID, p.getCorrelationId());
      setIfPresent(in, RabbitMqStreamConstants.CONTENT_TYPE, p.getContentType());
      setIfPresent(in, RabbitMqStreamConstants.CONTENT_ENCODING, p.getContentEncoding());
      setIfPresent(in, RabbitMqStreamConstants.SUBJECT, p.getSubject());
      setIfPresent(in, RabbitMqStreamConstants.REPLY_TO, p.getReplyTo());
      setIfPresent(in, RabbitMqStreamConstants.GROUP_ID, p.getGroupId());
      if (p.getCreationTime() > 0) {
        in.setHeader(RabbitMqStreamConstants.CREATION_TIME, p.getCreationTime());
      }
    }
    in.setHeader(RabbitMqStreamConstants.STREAM, config.getStream());
    in.setHeader(RabbitMqStreamConstants.PARTITION, context.stream());
    in.setHeader(RabbitMqStreamConstants.OFFSET, context.offset());
    in.setHeader(RabbitMqStreamConstants.CHUNK_TIMESTAMP, context.timestamp());
    Object publishingId =
        message.hasPublishingId()
            ? (Object) message.getPublishingId()
            : app == null ? null : app.get(RabbitMqStreamConstants.APP_PROPERTY_PUBLISHING_ID);
    if (publishingId != null) {
      in.setHeader(RabbitMqStreamConstants.PUBLISHING_ID, publishingId);
    }
  }

  private static void setIfPresent(org.apache.camel.Message in, String header, Object value) {
    if (value != null) {
      in.setHeader(header, value instanceof byte[] ? value : value.toString());
    }
  }
}
