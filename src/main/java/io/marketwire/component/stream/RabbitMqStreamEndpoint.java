package io.marketwire.component.stream;

import com.rabbitmq.stream.ByteCapacity;
import com.rabbitmq.stream.Constants;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.StreamCreator;
import com.rabbitmq.stream.StreamException;
import com.rabbitmq.stream.compression.Compression;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Expression;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Send to and read from RabbitMQ streams and super streams. */
@UriEndpoint(
    firstVersion = "0.1.0",
    scheme = "rabbitmq-stream",
    title = "RabbitMQ Stream",
    syntax = "rabbitmq-stream:stream",
    category = {Category.MESSAGING},
    headersClass = RabbitMqStreamConstants.class)
public class RabbitMqStreamEndpoint extends DefaultEndpoint implements org.apache.camel.MultipleConsumersSupport {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqStreamEndpoint.class);

  @UriParam private RabbitMqStreamConfiguration configuration;

  private volatile Options options;

  public RabbitMqStreamEndpoint(
      String uri, RabbitMqStreamComponent component, RabbitMqStreamConfiguration configuration) {
    super(uri, component);
    this.configuration = configuration;
  }

  /**
   * Several routes may read the same stream with the same options: the members of a single
   * active consumer group are exactly that, and independent readers of a log never compete.
   */
  @Override
  public boolean isMultipleConsumersSupported() {
    return true;
  }

  @Override
  public RabbitMqStreamComponent getComponent() {
    return (RabbitMqStreamComponent) super.getComponent();
  }

  @Override
  public Producer createProducer() throws Exception {
    return new RabbitMqStreamProducer(this);
  }

  @Override
  public Consumer createConsumer(Processor processor) throws Exception {
    RabbitMqStreamConsumer consumer = new RabbitMqStreamConsumer(this, processor);
    configureConsumer(consumer);
    return consumer;
  }

  public RabbitMqStreamConfiguration getConfiguration() {
    return configuration;
  }

  /** The endpoint's options; set them through the URI. */
  public void setConfiguration(RabbitMqStreamConfiguration configuration) {
    this.configuration = configuration;
    this.options = null;
  }

  /** The parsed options; parsing fails with a message naming the option and its valid values. */
  Options options() {
    Options o = options;
    if (o == null) {
      o = new Options(configuration, this);
      options = o;
    }
    return o;
  }

  Environment acquireEnvironment() {
    return getComponent().acquireEnvironment(configuration);
  }

  void releaseEnvironment() {
    getComponent().releaseEnvironment(configuration);
  }

  /**
   * Makes sure the stream exists: declares it when asked, otherwise fails with a message that says
   * how to fix it. A super stream is checked through its first partition.
   */
  void ensureStream(Environment environment) {
    Options o = options();
    String stream = configuration.getStream();
    if (configuration.isSuperStream()) {
      String firstPartition = stream + "-" + o.partitionKeys.get(0);
      if (environment.streamExists(firstPartition)) {
        return;
      }
      if (!configuration.isDeclare()) {
        throw new IllegalStateException(
            "Super stream '"
                + stream
                + "' does not exist (no partition '"
                + firstPartition
                + "'); create it or set declare=true with partitions or bindingKeys");
      }
      LOG.info("Declaring super stream '{}' with partitions {}", stream, o.partitionKeys);
      StreamCreator creator = environment.streamCreator().name(stream);
      if (configuration.getBindingKeys() != null && !configuration.getBindingKeys().isBlank()) {
        creator = creator.superStream().bindingKeys(o.partitionKeys.toArray(String[]::new)).creator();
      } else {
        creator = creator.superStream().partitions(o.partitionKeys.size()).creator();
      }
      create(withReplicas(applyRetention(creator, o)), stream);
    } else {
      ensurePlainStream(environment, stream);
    }
  }

  /**
   * Makes sure the plain stream {@code stream} exists, declared with this endpoint's retention
   * when {@code declare=true}: the endpoint's own stream, or one a producer is sent to through
   * the {@link RabbitMqStreamConstants#OVERRIDE_STREAM} header.
   */
  void ensurePlainStream(Environment environment, String stream) {
    if (environment.streamExists(stream)) {
      return;
    }
    if (!configuration.isDeclare()) {
      throw new IllegalStateException(
          "Stream '" + stream + "' does not exist; create it or set declare=true");
    }
    LOG.info("Declaring stream '{}'", stream);
    create(withReplicas(applyRetention(environment.streamCreator().stream(stream), options())), stream);
  }

  /** x-initial-cluster-size when configured; otherwise the broker's default (every node). */
  private StreamCreator withReplicas(StreamCreator creator) {
    int replicas = configuration.getInitialClusterSize();
    return replicas > 0 ? creator.initialMemberCount(replicas) : creator;
  }

  private static StreamCreator applyRetention(StreamCreator creator, Options o) {
    if (o.maxAge != null) {
      creator.maxAge(o.maxAge);
    }
    if (o.maxLengthBytes != null) {
      creator.maxLengthBytes(o.maxLengthBytes);
    }
    if (o.maxSegmentSizeBytes != null) {
      creator.maxSegmentSizeBytes(o.maxSegmentSizeBytes);
    }
    return creator;
  }

  private static void create(StreamCreator creator, String stream) {
    try {
      creator.create();
    } catch (StreamException e) {
      // another instance may have declared it between our check and our create
      if (e.getCode() != Constants.RESPONSE_CODE_STREAM_ALREADY_EXISTS) {
        throw new IllegalStateException(
            "Could not declare stream '" + stream + "': " + e.getMessage(), e);
      }
    }
  }

  /** Offset tracking modes of a named consumer. */
  public enum OffsetTracking {
    AUTO,
    MANUAL,
    NONE
  }

  /** How a super stream producer chooses partitions. */
  public enum RoutingStrategy {
    HASH,
    KEY
  }

  /** Option values parsed and cross-checked once; immutable. */
  static final class Options {
    final OffsetSpecification offset;
    final Compression compression;
    final Duration batchPublishingDelay;
    final Duration confirmTimeout;
    final Duration enqueueTimeout;
    final Duration retryDelay;
    final Duration maxRetryDelay;
    final Duration autoCommitFlushInterval;
    final Duration maxAge;
    final ByteCapacity maxLengthBytes;
    final ByteCapacity maxSegmentSizeBytes;
    final OffsetTracking offsetTracking;
    final RoutingStrategy routingStrategy;
    final List<String> filterValues;
    final List<String> partitionKeys;
    final Expression filterValue;
    final Expression routingKey;

    Options(RabbitMqStreamConfiguration c, RabbitMqStreamEndpoint endpoint) {
      offset = OptionValues.offset("offset", c.getOffset());
      compression = OptionValues.oneOf("compression", c.getCompression(), Compression.class);
      batchPublishingDelay =
          OptionValues.duration("batchPublishingDelay", c.getBatchPublishingDelay());
      confirmTimeout = OptionValues.duration("confirmTimeout", c.getConfirmTimeout());
      enqueueTimeout = OptionValues.duration("enqueueTimeout", c.getEnqueueTimeout());
      retryDelay = OptionValues.duration("retryDelay", c.getRetryDelay());
      maxRetryDelay = OptionValues.duration("maxRetryDelay", c.getMaxRetryDelay());
      autoCommitFlushInterval =
          OptionValues.duration("autoCommitFlushInterval", c.getAutoCommitFlushInterval());
      maxAge = c.getMaxAge() == null ? null : OptionValues.duration("maxAge", c.getMaxAge());
      maxLengthBytes =
          c.getMaxLengthBytes() == null
              ? null
              : ByteCapacity.B(OptionValues.size("maxLengthBytes", c.getMaxLengthBytes()));
      maxSegmentSizeBytes =
          c.getMaxSegmentSizeBytes() == null
              ? null
              : ByteCapacity.B(
                  OptionValues.size("maxSegmentSizeBytes", c.getMaxSegmentSizeBytes()));
      offsetTracking =
          OptionValues.oneOf("offsetTracking", c.getOffsetTracking(), OffsetTracking.class);
      routingStrategy =
          OptionValues.oneOf("routingStrategy", c.getRoutingStrategy(), RoutingStrategy.class);
      filterValues = csv(c.getFilterValues());
      List<String> bindingKeys = csv(c.getBindingKeys());
      if (!bindingKeys.isEmpty()) {
        partitionKeys = bindingKeys;
      } else {
        if (c.getPartitions() < 1) {
          throw OptionValues.invalid(
              "partitions", String.valueOf(c.getPartitions()), "valid values: 1 or more");
        }
        partitionKeys =
            java.util.stream.IntStream.range(0, c.getPartitions()).mapToObj(String::valueOf).toList();
      }
      positive("port", c.getPort());
      positive("subEntrySize", c.getSubEntrySize());
      positive("batchSize", c.getBatchSize());
      positive("maxUnconfirmedMessages", c.getMaxUnconfirmedMessages());
      positive("autoCommitMessageCount", c.getAutoCommitMessageCount());
      positive("initialCredits", c.getInitialCredits());
      if (compression != Compression.NONE && c.getSubEntrySize() <= 1) {
        throw OptionValues.invalid(
            "compression",
            c.getCompression(),
            "compression applies to sub-entries: set subEntrySize > 1 or compression=none");
      }
      if (c.getFilterValue() != null && c.getSubEntrySize() > 1) {
        throw OptionValues.invalid(
            "filterValue",
            c.getFilterValue(),
            "server-side filtering does not work with sub-entry batching: use subEntrySize=1");
      }
      if (c.isSingleActiveConsumer() && (c.getConsumerName() == null || c.getConsumerName().isBlank())) {
        throw OptionValues.invalid(
            "singleActiveConsumer", "true", "a single active consumer needs consumerName");
      }
      filterValue = expression(endpoint, "filterValue", c.getFilterValue());
      routingKey =
          c.getRoutingKey() == null
              ? null
              : expression(endpoint, "routingKey", c.getRoutingKey());
    }

    private static Expression expression(RabbitMqStreamEndpoint endpoint, String option, String text) {
      if (text == null || text.isBlank()) {
        return null;
      }
      try {
        // ${...} is the simple language; a plain word is the name of a header
        String simple = text.contains("${") ? text : "${header." + text + "}";
        return endpoint.getCamelContext().resolveLanguage("simple").createExpression(simple);
      } catch (RuntimeException e) {
        throw OptionValues.invalid(
            option, text, "a simple expression such as ${header.symbol}: " + e.getMessage());
      }
    }

    private static void positive(String option, int value) {
      if (value < 1) {
        throw OptionValues.invalid(option, String.valueOf(value), "valid values: 1 or more");
      }
    }

    private static List<String> csv(String value) {
      if (value == null || value.isBlank()) {
        return List.of();
      }
      return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
  }
}
