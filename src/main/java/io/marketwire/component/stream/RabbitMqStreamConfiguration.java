package io.marketwire.component.stream;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * Options of a rabbitmq-stream endpoint. The component holds one shared instance that {@link
 * RabbitMqStreamComponent#createEndpoint} copies per endpoint before applying URI options.
 *
 * <p>Durations, sizes and enumerations are strings on purpose: {@link OptionValues} parses them at
 * start-up so that a malformed value fails with a message naming the option and the valid forms.
 */
@UriParams
public class RabbitMqStreamConfiguration implements Cloneable {

  @UriPath(description = "Name of the stream (or super stream with superStream=true).")
  @Metadata(required = true)
  private String stream;
  @UriParam(label = "common", description = "Host of the RabbitMQ stream listener. Ignored when uris is set.", defaultValue = "localhost")
  private String host = "localhost";
  @UriParam(label = "common", description = "Port of the RabbitMQ stream listener (5552, or 5551 with TLS).", defaultValue = "5552")
  private int port = 5552;
  @UriParam(label = "common", description = "Comma-separated rabbitmq-stream:// URIs of the cluster nodes; wins over host and port. Credentials in them are used as given.")
  private String uris;
  @UriParam(label = "security", description = "User name to connect with.", defaultValue = "guest")
  private String username = "guest";
  @UriParam(label = "security", secret = true, description = "Password to connect with. Never logged.", defaultValue = "guest")
  private String password = "guest";
  @UriParam(label = "common", description = "Virtual host.", defaultValue = "/")
  private String virtualHost = "/";
  @UriParam(label = "security", description = "Connect with TLS, verifying the server's certificate (trustStore, or the JDK's trust store) and host name.", defaultValue = "false")
  private boolean tls = false;
  @UriParam(label = "security", description = "With TLS, trust every server certificate (test setups only: no verification).", defaultValue = "false")
  private boolean tlsTrustAll = false;
  @UriParam(label = "security", description = "With TLS: the trust store (and key store, for mutual TLS) to verify the server with; a bean reference such as #tlsSettings. None: the JDK's trust store.")
  private io.marketwire.config.TlsSettings tlsSettings;
  @UriParam(label = "common", description = "Treat the path as a super stream: the producer routes to its partitions, the consumer reads all partitions.", defaultValue = "false")
  private boolean superStream = false;
  @UriParam(label = "common", description = "Declare the stream (or super stream) at start-up if it does not exist. Without it, a missing stream fails the start-up.", defaultValue = "false")
  private boolean declare = false;
  @UriParam(label = "common", description = "Number of partitions when declaring a super stream without bindingKeys.", defaultValue = "3")
  private int partitions = 3;
  @UriParam(label = "common", description = "Comma-separated binding keys when declaring a super stream: one partition per key (wins over partitions).")
  private String bindingKeys;
  @UriParam(label = "common", description = "Retention by age when declaring: e.g. 24h, 7d, 30m, PT12H.")
  private String maxAge;
  @UriParam(label = "common", description = "Retention by size when declaring: e.g. 10gb, 500mb.")
  private String maxLengthBytes;
  @UriParam(label = "common", description = "Segment size when declaring: e.g. 500mb (at most 3gb).")
  private String maxSegmentSizeBytes;
  @UriParam(label = "common", description = "Replicas when declaring (x-initial-cluster-size): 3 on a three-node cluster, 1 on one node; 0 leaves it to the broker (every node).", defaultValue = "0")
  private int initialClusterSize;
  @UriParam(label = "producer", description = "Name of the producer; enables deduplication by publishing id (header CamelRabbitMqStreamPublishingId, else the producer's own sequence continuing from the last id the broker stored for this name). Use one instance per name.")
  private String producerName;
  @UriParam(label = "producer", description = "Messages per sub-entry; above 1, sub-entry batching with the chosen compression.", defaultValue = "1")
  private int subEntrySize = 1;
  @UriParam(label = "producer", description = "Compression of sub-entries (with subEntrySize > 1): none, gzip, snappy, lz4, zstd.", defaultValue = "none")
  private String compression = "none";
  @UriParam(label = "producer", description = "Maximum messages per publish frame.", defaultValue = "100")
  private int batchSize = 100;
  @UriParam(label = "producer", description = "Maximum delay before a partial batch is sent (only without dynamicBatch).", defaultValue = "100ms")
  private String batchPublishingDelay = "100ms";
  @UriParam(label = "producer", description = "Let the client size batches by load (lower latency at low rates).", defaultValue = "true")
  private boolean dynamicBatch = true;
  @UriParam(label = "producer", description = "Wait for the broker's confirm on the sending thread and continue the route there, one message at a time; by default the route continues on the client's confirm thread and the sender is free at once. For low-rate steps that must finish in order (publish, then save state).", defaultValue = "false")
  private boolean synchronous;
  @UriParam(label = "producer", description = "Maximum messages sent but not yet confirmed; beyond, sending blocks (back-pressure on the route) up to enqueueTimeout.", defaultValue = "10000")
  private int maxUnconfirmedMessages = 10000;
  @UriParam(label = "producer", description = "Time after which an unconfirmed message fails its exchange.", defaultValue = "30s")
  private String confirmTimeout = "30s";
  @UriParam(label = "producer", description = "Maximum time a send waits for room among the unconfirmed messages before failing the exchange.", defaultValue = "10s")
  private String enqueueTimeout = "10s";
  @UriParam(label = "producer", description = "Send a message again when the broker did not confirm it for a transient reason (connection recovering, no confirm within confirmTimeout, no room among unconfirmed messages): the exchange completes only once it is confirmed, and new messages wait meanwhile, so the route's source is held while the broker is away and messages keep their order (which deduplication of a named producer needs). false: such a message fails its exchange at once.", defaultValue = "true")
  private boolean retryUnconfirmed = true;
  @UriParam(label = "producer", description = "With retryUnconfirmed, the first delay before unconfirmed messages are sent again; it doubles per attempt up to maxRetryDelay.", defaultValue = "100ms")
  private String retryDelay = "100ms";
  @UriParam(label = "producer", description = "With retryUnconfirmed, the longest delay between two attempts.", defaultValue = "5s")
  private String maxRetryDelay = "5s";
  @UriParam(label = "producer", description = "With producerName on a plain stream: a message whose publishing id is not above the last id the broker had stored for the name when the producer started completes at once without being sent (the broker would drop it as a duplicate). A restarted replay that numbers its messages from the source then goes quickly over what the stream already holds.", defaultValue = "false")
  private boolean skipPublished;
  @UriParam(label = "producer", description = "Expression (simple language, e.g. ${header.symbol}) giving each message's filter value for server-side filtering.")
  private String filterValue;
  @UriParam(label = "producer", description = "Expression (simple language) giving the super stream routing key; default is the header CamelRabbitMqStreamRoutingKey.")
  private String routingKey;
  @UriParam(label = "producer", description = "How a super stream producer picks a partition: hash (murmur3 of the routing key) or key (the partitions bound with that routing key).", defaultValue = "hash")
  private String routingStrategy = "hash";
  @UriParam(label = "consumer", description = "Where a consumer without a stored offset starts: first, last, next, offset:N, timestamp:T (ISO-8601 or epoch millis).", defaultValue = "next")
  private String offset = "next";
  @UriParam(label = "consumer", description = "Name of the consumer; enables server-side offset tracking and resuming after the last stored offset.")
  private String consumerName;
  @UriParam(label = "consumer", description = "Only one consumer with this consumerName is active at a time (one per partition on a super stream); the others take over on failure from the stored offset.", defaultValue = "false")
  private boolean singleActiveConsumer = false;
  @UriParam(label = "consumer", description = "With a consumerName: auto (store every autoCommitMessageCount messages, after autoCommitFlushInterval of inactivity and on stop), manual (store when the route sets header CamelRabbitMqStreamStoreOffset=true) or none.", defaultValue = "auto")
  private String offsetTracking = "auto";
  @UriParam(label = "consumer", description = "With offsetTracking=auto, store the offset every this many messages.", defaultValue = "10000")
  private int autoCommitMessageCount = 10000;
  @UriParam(label = "consumer", description = "With offsetTracking=auto, store the last offset after this long without new messages.", defaultValue = "5s")
  private String autoCommitFlushInterval = "5s";
  @UriParam(label = "consumer", description = "Comma-separated filter values: the broker sends only chunks that may hold them and the consumer drops the other messages before the route (post-filter).")
  private String filterValues;
  @UriParam(label = "consumer", description = "With filterValues, also deliver messages that carry no filter value.", defaultValue = "false")
  private boolean filterMatchUnfiltered = false;
  @UriParam(label = "common", description = "Application property holding a message's filter value: written by the producer, checked by the consumer's post-filter.", defaultValue = "x-filter-value")
  private String filterValueProperty = "x-filter-value";
  @UriParam(label = "consumer", description = "Chunks the broker may send ahead of the route. The route runs on the client's dispatching thread and a new credit is granted when a chunk starts being processed, so a slow route slows the read and at most this many chunks wait in memory.", defaultValue = "4")
  private int initialCredits = 4;

  /** A copy for one endpoint, so that URI options never leak into the component's defaults. */
  public RabbitMqStreamConfiguration copy() {
    try {
      return (RabbitMqStreamConfiguration) clone();
    } catch (CloneNotSupportedException e) {
      throw new RuntimeCamelException(e);
    }
  }

  public String getStream() {
    return stream;
  }

  /** Name of the stream (or super stream with superStream=true). */
  public void setStream(String stream) {
    this.stream = stream;
  }

  public String getHost() {
    return host;
  }

  /** Host of the RabbitMQ stream listener. Ignored when uris is set. */
  public void setHost(String host) {
    this.host = host;
  }

  public int getPort() {
    return port;
  }

  /** Port of the RabbitMQ stream listener (5552, or 5551 with TLS). */
  public void setPort(int port) {
    this.port = port;
  }

  public String getUris() {
    return uris;
  }

  /** Comma-separated rabbitmq-stream:// URIs of the cluster nodes; wins over host and port. Credentials in them are used as given. */
  public void setUris(String uris) {
    this.uris = uris;
  }

  public String getUsername() {
    return username;
  }

  /** User name to connect with. */
  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  /** Password to connect with. Never logged. */
  public void setPassword(String password) {
    this.password = password;
  }

  public String getVirtualHost() {
    return virtualHost;
  }

  /** Virtual host. */
  public void setVirtualHost(String virtualHost) {
    this.virtualHost = virtualHost;
  }

  public boolean isTls() {
    return tls;
  }

  /** Connect with TLS, verifying the server's certificate (trustStore, or the JDK's) and host name. */
  public void setTls(boolean tls) {
    this.tls = tls;
  }

  public boolean isTlsTrustAll() {
    return tlsTrustAll;
  }

  /** With TLS, trust every server certificate (test setups only: no verification). */
  public void setTlsTrustAll(boolean tlsTrustAll) {
    this.tlsTrustAll = tlsTrustAll;
  }

  public io.marketwire.config.TlsSettings getTlsSettings() {
    return tlsSettings;
  }

  /**
   * With TLS: the trust store (and key store, for mutual TLS) to verify the server with, e.g. the
   * app's {@code #tlsSettings} bean; none: the JDK's trust store.
   */
  public void setTlsSettings(io.marketwire.config.TlsSettings tlsSettings) {
    this.tlsSettings = tlsSettings;
  }

  /** The TLS settings in force: the JDK's defaults when none were given. */
  public io.marketwire.config.TlsSettings tlsSettings() {
    return tlsSettings == null ? io.marketwire.config.TlsSettings.JDK_DEFAULTS : tlsSettings;
  }

  public boolean isSuperStream() {
    return superStream;
  }

  /** Treat the path as a super stream: the producer routes to its partitions, the consumer reads all partitions. */
  public void setSuperStream(boolean superStream) {
    this.superStream = superStream;
  }

  public boolean isDeclare() {
    return declare;
  }

  /** Declare the stream (or super stream) at start-up if it does not exist. Without it, a missing stream fails the start-up. */
  public void setDeclare(boolean declare) {
    this.declare = declare;
  }

  public int getPartitions() {
    return partitions;
  }

  /** Number of partitions when declaring a super stream without bindingKeys. */
  public void setPartitions(int partitions) {
    this.partitions = partitions;
  }

  public String getBindingKeys() {
    return bindingKeys;
  }

  /** Comma-separated binding keys when declaring a super stream: one partition per key (wins over partitions). */
  public void setBindingKeys(String bindingKeys) {
    this.bindingKeys = bindingKeys;
  }

  public String getMaxAge() {
    return maxAge;
  }

  /** Retention by age when declaring: e.g. 24h, 7d, 30m, PT12H. */
  public void setMaxAge(String maxAge) {
    this.maxAge = maxAge;
  }

  public String getMaxLengthBytes() {
    return maxLengthBytes;
  }

  /** Retention by size when declaring: e.g. 10gb, 500mb. */
  public void setMaxLengthBytes(String maxLengthBytes) {
    this.maxLengthBytes = maxLengthBytes;
  }

  public String getMaxSegmentSizeBytes() {
    return maxSegmentSizeBytes;
  }

  /** Segment size when declaring: e.g. 500mb (at most 3gb). */
  public void setMaxSegmentSizeBytes(String maxSegmentSizeBytes) {
    this.maxSegmentSizeBytes = maxSegmentSizeBytes;
  }

  public int getInitialClusterSize() {
    return initialClusterSize;
  }

  /** Replicas when declaring (x-initial-cluster-size); 0 leaves it to the broker. */
  public void setInitialClusterSize(int initialClusterSize) {
    this.initialClusterSize = initialClusterSize;
  }

  public String getProducerName() {
    return producerName;
  }

  /** Name of the producer; enables deduplication by publishing id (header CamelRabbitMqStreamPublishingId, else the producer's own sequence continuing from the last id the broker stored for this name). Use one instance per name. */
  public void setProducerName(String producerName) {
    this.producerName = producerName;
  }

  public int getSubEntrySize() {
    return subEntrySize;
  }

  /** Messages per sub-entry; above 1, sub-entry batching with the chosen compression. */
  public void setSubEntrySize(int subEntrySize) {
    this.subEntrySize = subEntrySize;
  }

  public String getCompression() {
    return compression;
  }

  /** Compression of sub-entries (with subEntrySize &gt; 1): none, gzip, snappy, lz4, zstd. */
  public void setCompression(String compression) {
    this.compression = compression;
  }

  public int getBatchSize() {
    return batchSize;
  }

  /** Maximum messages per publish frame. */
  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  public String getBatchPublishingDelay() {
    return batchPublishingDelay;
  }

  /** Maximum delay before a partial batch is sent (only without dynamicBatch). */
  public void setBatchPublishingDelay(String batchPublishingDelay) {
    this.batchPublishingDelay = batchPublishingDelay;
  }

  public boolean isDynamicBatch() {
    return dynamicBatch;
  }

  /** Let the client size batches by load (lower latency at low rates). */
  public void setDynamicBatch(boolean dynamicBatch) {
    this.dynamicBatch = dynamicBatch;
  }

  public boolean isSynchronous() {
    return synchronous;
  }

  /**
   * Wait for the broker's confirm on the sending thread and continue the route there, one message
   * at a time; by default the route continues on the client's confirm thread.
   */
  public void setSynchronous(boolean synchronous) {
    this.synchronous = synchronous;
  }

  public int getMaxUnconfirmedMessages() {
    return maxUnconfirmedMessages;
  }

  /** Maximum messages sent but not yet confirmed; beyond, sending blocks (back-pressure on the route) up to enqueueTimeout. */
  public void setMaxUnconfirmedMessages(int maxUnconfirmedMessages) {
    this.maxUnconfirmedMessages = maxUnconfirmedMessages;
  }

  public String getConfirmTimeout() {
    return confirmTimeout;
  }

  /** Time after which an unconfirmed message fails its exchange. */
  public void setConfirmTimeout(String confirmTimeout) {
    this.confirmTimeout = confirmTimeout;
  }

  public String getEnqueueTimeout() {
    return enqueueTimeout;
  }

  /** Maximum time a send waits for room among the unconfirmed messages before failing the exchange. */
  public void setEnqueueTimeout(String enqueueTimeout) {
    this.enqueueTimeout = enqueueTimeout;
  }

  public String getFilterValue() {
    return filterValue;
  }

  /** Expression (simple language, e.g. ${header.symbol}) giving each message's filter value for server-side filtering. */
  public void setFilterValue(String filterValue) {
    this.filterValue = filterValue;
  }

  public String getRoutingKey() {
    return routingKey;
  }

  /** Expression (simple language) giving the super stream routing key; default is the header CamelRabbitMqStreamRoutingKey. */
  public void setRoutingKey(String routingKey) {
    this.routingKey = routingKey;
  }

  public String getRoutingStrategy() {
    return routingStrategy;
  }

  /** How a super stream producer picks a partition: hash (murmur3 of the routing key) or key (the partitions bound with that routing key). */
  public void setRoutingStrategy(String routingStrategy) {
    this.routingStrategy = routingStrategy;
  }

  public String getOffset() {
    return offset;
  }

  /** Where a consumer without a stored offset starts: first, last, next, offset:N, timestamp:T (ISO-8601 or epoch millis). */
  public void setOffset(String offset) {
    this.offset = offset;
  }

  public String getConsumerName() {
    return consumerName;
  }

  /** Name of the consumer; enables server-side offset tracking and resuming after the last stored offset. */
  public void setConsumerName(String consumerName) {
    this.consumerName = consumerName;
  }

  public boolean isSingleActiveConsumer() {
    return singleActiveConsumer;
  }

  /** Only one consumer with this consumerName is active at a time (one per partition on a super stream); the others take over on failure from the stored offset. */
  public void setSingleActiveConsumer(boolean singleActiveConsumer) {
    this.singleActiveConsumer = singleActiveConsumer;
  }

  public String getOffsetTracking() {
    return offsetTracking;
  }

  /** With a consumerName: auto (store every autoCommitMessageCount messages, after autoCommitFlushInterval of inactivity and on stop), manual (store when the route sets header CamelRabbitMqStreamStoreOffset=true) or none. */
  public void setOffsetTracking(String offsetTracking) {
    this.offsetTracking = offsetTracking;
  }

  public int getAutoCommitMessageCount() {
    return autoCommitMessageCount;
  }

  /** With offsetTracking=auto, store the offset every this many messages. */
  public void setAutoCommitMessageCount(int autoCommitMessageCount) {
    this.autoCommitMessageCount = autoCommitMessageCount;
  }

  public String getAutoCommitFlushInterval() {
    return autoCommitFlushInterval;
  }

  /** With offsetTracking=auto, store the last offset after this long without new messages. */
  public void setAutoCommitFlushInterval(String autoCommitFlushInterval) {
    this.autoCommitFlushInterval = autoCommitFlushInterval;
  }

  public String getFilterValues() {
    return filterValues;
  }

  /** Comma-separated filter values: the broker sends only chunks that may hold them and the consumer drops the other messages before the route (post-filter). */
  public void setFilterValues(String filterValues) {
    this.filterValues = filterValues;
  }

  public boolean isFilterMatchUnfiltered() {
    return filterMatchUnfiltered;
  }

  /** With filterValues, also deliver messages that carry no filter value. */
  public void setFilterMatchUnfiltered(boolean filterMatchUnfiltered) {
    this.filterMatchUnfiltered = filterMatchUnfiltered;
  }

  public String getFilterValueProperty() {
    return filterValueProperty;
  }

  /** Application property holding a message's filter value: written by the producer, checked by the consumer's post-filter. */
  public void setFilterValueProperty(String filterValueProperty) {
    this.filterValueProperty = filterValueProperty;
  }

  public int getInitialCredits() {
    return initialCredits;
  }

  /** Chunks the broker may send ahead of the route. The route runs on the client's dispatching thread and a new credit is granted when a chunk starts being processed, so a slow route slows the read and at most this many chunks wait in memory. */
  public void setInitialCredits(int initialCredits) {
    this.initialCredits = initialCredits;
  }

  public boolean isRetryUnconfirmed() {
    return retryUnconfirmed;
  }

  /** Send messages the broker did not confirm for a transient reason again, holding new ones meanwhile. */
  public void setRetryUnconfirmed(boolean retryUnconfirmed) {
    this.retryUnconfirmed = retryUnconfirmed;
  }

  public String getRetryDelay() {
    return retryDelay;
  }

  /** First delay before unconfirmed messages are sent again (doubles up to maxRetryDelay). */
  public void setRetryDelay(String retryDelay) {
    this.retryDelay = retryDelay;
  }

  public String getMaxRetryDelay() {
    return maxRetryDelay;
  }

  /** Longest delay between two attempts at unconfirmed messages. */
  public void setMaxRetryDelay(String maxRetryDelay) {
    this.maxRetryDelay = maxRetryDelay;
  }

  public boolean isSkipPublished() {
    return skipPublished;
  }

  /** Complete at once, unsent, a message whose publishing id the broker already stored for the name. */
  public void setSkipPublished(boolean skipPublished) {
    this.skipPublished = skipPublished;
  }
}
