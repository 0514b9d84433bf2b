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
import java.util.stream.IntStream;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Expression;
import org.apache.camel.MultipleConsumersSupport;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
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
public class RabbitMqStreamEndpoint extends DefaultEndpoint
    implements MultipleConsumersSupport, HeaderFilterStrategyAware {

  private static final Logger LOG = LoggerFactory.getLogger(RabbitMqStreamEndpoint.class);

  @UriParam private RabbitMqStreamConfiguration configuration;

  @UriParam(
      label = "advanced",
      description = "Custom HeaderFilterStrategy to filter headers to and from the message's application properties.")
  private HeaderFilterStrategy headerFilterStrategy = new RabbitMqStreamHeaderFilterStrategy();

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
  }

  @Override
  public HeaderFilterStrategy getHeaderFilterStrategy() {
    return headerFilterStrategy;
  }

  /** Which headers go into a message's application properties and come back out of them. */
  @Override
  public void setHeaderFilterStrategy(HeaderFilterStrategy headerFilterStrategy) {
    this.headerFilterStrategy = headerFilterStrategy;
  }


  Environment acquireEnvironment() {
    return getComponent().acquireEnvironment(configuration);
  }

  /** As {@link #acquireEnvironment()}, recording a failure for {@code health} before it is thrown. */
  Environment acquireEnvironment(RabbitMqStreamClientHealth health) {
    try {
      return acquireEnvironment();
    } catch (RuntimeException e) {
      health.startFailed(e);
      throw e;
    }
  }

  void releaseEnvironment() {
    getComponent().releaseEnvironment(configuration);
  }

  /**
   * Makes sure the stream exists: declares it when asked, otherwise fails with a message that says
   * how to fix it. A super stream is checked through its first partition.
   */
  void ensureStream(Environment environment) {
    String stream = configuration.getStream();
    if (configuration.isSuperStream()) {
      List<String> partitionKeys = partitionKeys();
      String firstPartition = partitionStreams().get(0);
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
      LOG.info("Declaring super stream '{}' with partitions {}", stream, partitionKeys);
      StreamCreator creator = environment.streamCreator().name(stream);
      if (configuration.getBindingKeys() != null && !configuration.getBindingKeys().isBlank()) {
        creator = creator.superStream().bindingKeys(partitionKeys.toArray(String[]::new)).creator();
      } else {
        creator = creator.superStream().partitions(partitionKeys.size()).creator();
      }
      create(applyRetention(creator), stream);
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
    create(applyRetention(environment.streamCreator().stream(stream)), stream);
  }

  private StreamCreator applyRetention(StreamCreator creator) {
    RabbitMqStreamConfiguration c = configuration;
    if (c.getMaxAge() > 0) {
      creator.maxAge(Duration.ofMillis(c.getMaxAge()));
    }
    if (c.getMaxLengthBytes() > 0) {
      creator.maxLengthBytes(ByteCapacity.B(c.getMaxLengthBytes()));
    }
    if (c.getMaxSegmentSizeBytes() > 0) {
      creator.maxSegmentSizeBytes(ByteCapacity.B(c.getMaxSegmentSizeBytes()));
    }
    if (c.getInitialClusterSize() > 0) {
      creator.initialMemberCount(c.getInitialClusterSize());
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

  /**
   * Checks the options together once, when the endpoint is created, so that a wrong combination
   * fails the route with a message naming the option (single values are typed and converted by
   * the generated configurer).
   */
  void validate() {
    RabbitMqStreamConfiguration c = configuration;
    offsetSpecification();
    positive("port", c.getPort());
    positive("partitions", c.getPartitions());
    positive("subEntrySize", c.getSubEntrySize());
    positive("batchSize", c.getBatchSize());
    positive("maxUnconfirmedMessages", c.getMaxUnconfirmedMessages());
    positive("autoCommitMessageCount", c.getAutoCommitMessageCount());
    positive("initialCredits", c.getInitialCredits());
    positive("batchMaxSize", c.getBatchMaxSize());
    notNegative("maxAge", c.getMaxAge());
    notNegative("maxLengthBytes", c.getMaxLengthBytes());
    notNegative("maxSegmentSizeBytes", c.getMaxSegmentSizeBytes());
    if (c.getCompression() != Compression.NONE && c.getSubEntrySize() <= 1) {
      throw invalid("compression", c.getCompression(), "compression applies to sub-entries: set subEntrySize > 1 or compression=NONE");
    }
    if (c.getFilterValue() != null && c.getSubEntrySize() > 1) {
      throw invalid("filterValue", c.getFilterValue(), "server-side filtering does not work with sub-entry batching: use subEntrySize=1");
    }
    boolean named = c.getConsumerName() != null && !c.getConsumerName().isBlank();
    if (c.isSingleActiveConsumer() && !named) {
      throw invalid("singleActiveConsumer", true, "a single active consumer needs consumerName");
    }
    if (c.isReadUntilEnd() && c.isBatching()) {
      throw invalid("readUntilEnd", true, "a bounded read is in per-message mode: not with batching");
    }
    if (c.isAllowManualCommit() && (!named || c.getOffsetTracking() != RabbitMqStreamOffsetTracking.MANUAL)) {
      throw invalid("allowManualCommit", true, "manual commit needs consumerName and offsetTracking=MANUAL");
    }
  }

  /** Where a consumer without a stored offset starts, from the offset option. */
  OffsetSpecification offsetSpecification() {
    try {
      return RabbitMqStreamOffsets.parse(configuration.getOffset());
    } catch (IllegalArgumentException e) {
      throw invalid("offset", configuration.getOffset(), e.getMessage());
    }
  }

  /** The partitions a super stream is declared with: its binding keys, or 0..partitions-1. */
  List<String> partitionKeys() {
    List<String> keys = csv(configuration.getBindingKeys());
    if (!keys.isEmpty()) {
      return keys;
    }
    return IntStream.range(0, configuration.getPartitions()).mapToObj(String::valueOf).toList();
  }

  /**
   * The streams of a super stream's partitions, {@code <stream>-<key>} for each of {@link
   * #partitionKeys()}: the names RabbitMQ gives them, which the stream client has no public call
   * to list.
   */
  List<String> partitionStreams() {
    return partitionKeys().stream().map(key -> configuration.getStream() + "-" + key).toList();
  }

  List<String> filterValues() {
    return csv(configuration.getFilterValues());
  }

  /**
   * An option that names a value per message: {@code ${...}} is the simple language, a plain word
   * the name of a header; null when the option is not set.
   */
  Expression expression(String option, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      String simple = text.contains("${") ? text : "${header." + text + "}";
      return getCamelContext().resolveLanguage("simple").createExpression(simple);
    } catch (RuntimeException e) {
      throw invalid(option, text, "a simple expression such as ${header.symbol}: " + e.getMessage());
    }
  }

  private static void positive(String option, long value) {
    if (value < 1) {
      throw invalid(option, value, "valid values: 1 or more");
    }
  }

  private static void notNegative(String option, long value) {
    if (value < 0) {
      throw invalid(option, value, "valid values: 0 (not set) or more");
    }
  }

  static IllegalArgumentException invalid(String option, Object value, String why) {
    return new IllegalArgumentException(
        "Invalid value '" + value + "' for option " + option + " of rabbitmq-stream: " + why);
  }

  static List<String> csv(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
  }
}
