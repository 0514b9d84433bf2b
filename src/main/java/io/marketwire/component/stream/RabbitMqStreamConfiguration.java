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
 * <p>Each option is described once, in its annotation: camel-package-maven-plugin turns the
 * annotations into the generated configurers, the catalog JSON and the options tables of
 * src/main/docs/rabbitmq-stream-component.adoc. Durations are milliseconds typed as {@code
 * java.time.Duration} for Camel's converters ({@code 100ms}, {@code 5s}, {@code 24h}, {@code 7d}).
 *
 * <p>Longer than 400 lines because it is the component's option list: one annotated field with its
 * getter and setter per option, as Camel's own configurations (KafkaConfiguration, for one) are.
 */
@UriParams
public class RabbitMqStreamConfiguration implements Cloneable {

  @UriPath(description = "Name of the stream (or super stream with superStream=true).")
  @Metadata(required = true)
  private String stream;

  @UriParam(label = "common", defaultValue = "localhost", description = "Host of the RabbitMQ stream listener. Ignored when uris is set.")
  private String host = "localhost";
  @UriParam(label = "common", defaultValue = "5552", description = "Port of the RabbitMQ stream listener (5552, or 5551 with TLS).")
  private int port = 5552;
  @UriParam(label = "common", description = "Comma-separated rabbitmq-stream:// URIs of the cluster nodes; wins over host and port. Credentials in them are used as given.")
  private String uris;
  @UriParam(label = "security", defaultValue = "guest", description = "User name to connect with.")
  private String username = "guest";
  @UriParam(label = "security", defaultValue = "guest", secret = true, description = "Password to connect with. Never logged.")
  private String password = "guest";
  @UriParam(label = "common", defaultValue = "/", description = "Virtual host.")
  private String virtualHost = "/";
  @UriParam(label = "security", defaultValue = "false", description = "Connect with TLS, verifying the server's certificate (tlsSettings, or the JDK's trust store) and host name.")
  private boolean tls = false;
  @UriParam(label = "security", defaultValue = "false", description = "With TLS, trust every server certificate (test setups only: no verification).")
  private boolean tlsTrustAll = false;
  @UriParam(label = "security", description = "With TLS: the trust store (and key store, for mutual TLS) to verify the server with; a bean reference such as #tlsSettings. None: the JDK's trust store.")
  private io.marketwire.config.TlsSettings tlsSettings;
  @UriParam(label = "common", defaultValue = "false", description = "Treat the path as a super stream: the producer routes to its partitions, the consumer reads all partitions.")
  private boolean superStream = false;
  @UriParam(label = "common", defaultValue = "false", description = "Declare the stream (or super stream) at start-up if it does not exist. Without it, a missing stream fails the start-up.")
  private boolean declare = false;
  @UriParam(label = "common", defaultValue = "3", description = "Number of partitions when declaring a super stream without bindingKeys.")
  private int partitions = 3;
  @UriParam(label = "common", description = "Comma-separated binding keys when declaring a super stream: one partition per key (wins over partitions).")
  private String bindingKeys;
  @UriParam(label = "common", defaultValue = "0", javaType = "java.time.Duration", description = "Retention by age when declaring, e.g. 24h, 7d, 30m; 0 keeps messages regardless of age.")
  private long maxAge = 0;
  @UriParam(label = "common", defaultValue = "0", description = "Retention by size when declaring, in bytes (e.g. 10000000000 for 10 GB); 0: no size limit.")
  private long maxLengthBytes = 0;
  @UriParam(label = "common", defaultValue = "0", description = "Segment size when declaring, in bytes (at most 3000000000); 0: the broker's default (500 MB).")
  private long maxSegmentSizeBytes = 0;
  @UriParam(label = "common", defaultValue = "0", description = "Replicas (leader included) when declaring on a cluster: x-initial-cluster-size; 0: the broker's default (all nodes).")
  private int initialClusterSize = 0;
  @UriParam(label = "producer", description = "Name of the producer; enables deduplication by publishing id (header CamelRabbitMqStreamPublishingId, else the producer's own sequence continuing from the last id the broker stored for this name). Use one instance per name.")
  private String producerName;
  @UriParam(label = "producer", defaultValue = "1", description = "Messages per sub-entry; above 1, sub-entry batching with the chosen compression.")
  private int subEntrySize = 1;
  @UriParam(label = "producer", defaultValue = "NONE", enums = "NONE,GZIP,SNAPPY,LZ4,ZSTD", description = "Compression of sub-entries (with subEntrySize > 1).")
  private com.rabbitmq.stream.compression.Compression compression = com.rabbitmq.stream.compression.Compression.NONE;
  @UriParam(label = "producer", defaultValue = "100", description = "Maximum messages per publish frame.")
  private int batchSize = 100;
  @UriParam(label = "producer", defaultValue = "100ms", javaType = "java.time.Duration", description = "Maximum delay before a partial publish frame is sent (only without dynamicBatch).")
  private long batchPublishingDelay = 100;
  @UriParam(label = "producer", defaultValue = "true", description = "Let the client size publish frames by load (lower latency at low rates).")
  private boolean dynamicBatch = true;
  @UriParam(label = "producer", defaultValue = "false", description = "Wait for the broker's confirm on the sending thread and continue the route there; by default the route continues on the client's confirm thread and the sender is free at once. For low-rate steps that must finish in order (publish, then save state).")
  private boolean synchronous = false;
  @UriParam(label = "producer", defaultValue = "10000", description = "Maximum messages sent but not yet confirmed; beyond, sending blocks (back-pressure on the route) up to enqueueTimeout.")
  private int maxUnconfirmedMessages = 10000;
  @UriParam(label = "producer", defaultValue = "30s", javaType = "java.time.Duration", description = "Time after which an unconfirmed message fails its exchange.")
  private long confirmTimeout = 30000;
  @UriParam(label = "producer", defaultValue = "10s", javaType = "java.time.Duration", description = "Maximum time a send waits for room among the unconfirmed messages before failing the exchange.")
  private long enqueueTimeout = 10000;
  @UriParam(label = "producer", defaultValue = "true", description = "Send a message again when the broker did not confirm it for a transient reason (connection recovering, no confirm within confirmTimeout, no room among unconfirmed messages): the exchange completes only once it is confirmed, and new messages wait meanwhile, so the route's source is held while the broker is away and messages keep their order (which deduplication of a named producer needs). false: such a message fails its exchange at once.")
  private boolean retryUnconfirmed = true;
  @UriParam(label = "common", defaultValue = "100ms", javaType = "java.time.Duration", description = "First delay before unconfirmed messages are sent again (producer with retryUnconfirmed) or a failed batch is processed again (batching consumer); it doubles per attempt up to maxRetryDelay.")
  private long retryDelay = 100;
  @UriParam(label = "common", defaultValue = "5s", javaType = "java.time.Duration", description = "The longest delay between two attempts of retryDelay.")
  private long maxRetryDelay = 5000;
  @UriParam(label = "producer", defaultValue = "false", description = "With producerName on a plain stream: a message whose publishing id is not above the last id the broker had stored for the name when the producer started completes at once without being sent (the broker would drop it as a duplicate). A restarted replay that numbers its messages from the source then goes quickly over what the stream already holds.")
  private boolean skipPublished = false;
  @UriParam(label = "producer", description = "Expression (simple language, e.g. ${header.symbol}, or a header name) giving each message's filter value for server-side filtering.")
  private String filterValue;
  @UriParam(label = "producer", description = "Expression (simple language, or a header name) giving the super stream routing key; default is the header CamelRabbitMqStreamRoutingKey.")
  private String routingKey;
  @UriParam(label = "producer", defaultValue = "HASH", enums = "HASH,KEY", description = "How a super stream producer picks a partition: HASH (murmur3 of the routing key) or KEY (the partitions bound with that routing key).")
  private RabbitMqStreamRoutingStrategy routingStrategy = RabbitMqStreamRoutingStrategy.HASH;
  @UriParam(label = "consumer", defaultValue = "next", description = "Where a consumer without a stored offset starts: first, last, next, offset:N, timestamp:T (ISO-8601 or epoch millis).")
  private String offset = "next";
  @UriParam(label = "consumer", description = "Name of the consumer; enables server-side offset tracking and resuming after the last stored offset.")
  private String consumerName;
  @UriParam(label = "consumer", defaultValue = "false", description = "Only one consumer with this consumerName is active at a time (one per partition on a super stream); the others take over on failure from the stored offset.")
  private boolean singleActiveConsumer = false;
  @UriParam(label = "consumer", defaultValue = "AUTO", enums = "AUTO,MANUAL,NONE", description = "With a consumerName: AUTO (per message: store every autoCommitMessageCount messages, after autoCommitFlushInterval of inactivity and on stop; batching: after each batch the route finished), MANUAL (store when the route calls the CamelRabbitMqStreamManualCommit header's commit(), with allowManualCommit) or NONE.")
  private RabbitMqStreamOffsetTracking offsetTracking = RabbitMqStreamOffsetTracking.AUTO;
  @UriParam(label = "consumer", defaultValue = "false", description = "Put a RabbitMqStreamManualCommit in header CamelRabbitMqStreamManualCommit: the route (or a later step, on any thread) stores the offset of the message, or of the batch's last message, by calling commit(). Needs a consumerName and offsetTracking=MANUAL.")
  private boolean allowManualCommit = false;
  @UriParam(label = "consumer", defaultValue = "10000", description = "With offsetTracking=AUTO in per-message mode, store the offset every this many messages.")
  private int autoCommitMessageCount = 10000;
  @UriParam(label = "consumer", defaultValue = "5s", javaType = "java.time.Duration", description = "With offsetTracking=AUTO in per-message mode, store the last offset after this long without new messages.")
  private long autoCommitFlushInterval = 5000;
  @UriParam(label = "consumer", defaultValue = "false", description = "Batch mode: one exchange carries up to batchMaxSize messages as a java.util.List of org.apache.camel.Message (each with its own headers, offset included), handed over when full or batchTimeout after its first message. The offset of a batch is stored only after the route finished it; a batch the route fails on is processed again from its first message.")
  private boolean batching = false;
  @UriParam(label = "consumer", defaultValue = "false", description = "A bounded read: read from the start offset up to the end the stream had when the consumer started (its last committed offset), then send one last exchange with no body and the header CamelRabbitMqStreamEndOfStream=true, and hand the route nothing more. For a replay or a rebuild of state as a route. On a super stream, every partition is read to the end it had, and the end exchange comes once all are (its partitions are named from partitions or bindingKeys). Per-message mode only (not with batching).")
  private boolean readUntilEnd = false;
  @UriParam(label = "consumer", defaultValue = "5s", javaType = "java.time.Duration", description = "With readUntilEnd: the read also ends after this long without a message once it may be past the end. RabbitMQ before 4.1 reports only the first offset of the last committed chunk, so there the last message is known only by the next chunk or by this silence; with filterValues the last message may be filtered out.")
  private long endIdleTimeout = 5000;
  @UriParam(label = "consumer", defaultValue = "500", description = "With batching, the most messages per exchange.")
  private int batchMaxSize = 500;
  @UriParam(label = "consumer", defaultValue = "100ms", javaType = "java.time.Duration", description = "With batching, the longest a partial batch waits for more messages after its first one.")
  private long batchTimeout = 100;
  @UriParam(label = "consumer", description = "Comma-separated filter values: the broker sends only chunks that may hold them and the consumer drops the other messages before the route (post-filter).")
  private String filterValues;
  @UriParam(label = "consumer", defaultValue = "false", description = "With filterValues, also deliver messages that carry no filter value.")
  private boolean filterMatchUnfiltered = false;
  @UriParam(label = "common", defaultValue = "x-filter-value", description = "Application property holding a message's filter value: written by the producer, checked by the consumer's post-filter.")
  private String filterValueProperty = "x-filter-value";
  @UriParam(label = "consumer", defaultValue = "4", description = "Chunks the broker may send ahead of the route. The route runs on the client's dispatching thread and a new credit is granted when a chunk starts being processed, so a slow route slows the read and at most this many chunks wait in memory.")
  private int initialCredits = 4;
  @UriParam(label = "consumer", defaultValue = "false", description = "Read up to the end the stream had when the consumer started, then stop: the exchange of the last message carries header CamelRabbitMqStreamLastMessage=true (batching: the last batch) and the consumer reads no further. For replays and state rebuilds as routes.")
  private boolean boundedRead = false;

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

  public void setStream(String stream) {
    this.stream = stream;
  }

  public String getHost() {
    return host;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public int getPort() {
    return port;
  }

  public void setPort(int port) {
    this.port = port;
  }

  public String getUris() {
    return uris;
  }

  public void setUris(String uris) {
    this.uris = uris;
  }

  public String getUsername() {
    return username;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getVirtualHost() {
    return virtualHost;
  }

  public void setVirtualHost(String virtualHost) {
    this.virtualHost = virtualHost;
  }

  public boolean isTls() {
    return tls;
  }

  public void setTls(boolean tls) {
    this.tls = tls;
  }

  public boolean isTlsTrustAll() {
    return tlsTrustAll;
  }

  public void setTlsTrustAll(boolean tlsTrustAll) {
    this.tlsTrustAll = tlsTrustAll;
  }

  public io.marketwire.config.TlsSettings getTlsSettings() {
    return tlsSettings;
  }

  public void setTlsSettings(io.marketwire.config.TlsSettings tlsSettings) {
    this.tlsSettings = tlsSettings;
  }

  public boolean isSuperStream() {
    return superStream;
  }

  public void setSuperStream(boolean superStream) {
    this.superStream = superStream;
  }

  public boolean isDeclare() {
    return declare;
  }

  public void setDeclare(boolean declare) {
    this.declare = declare;
  }

  public int getPartitions() {
    return partitions;
  }

  public void setPartitions(int partitions) {
    this.partitions = partitions;
  }

  public String getBindingKeys() {
    return bindingKeys;
  }

  public void setBindingKeys(String bindingKeys) {
    this.bindingKeys = bindingKeys;
  }

  public long getMaxAge() {
    return maxAge;
  }

  public void setMaxAge(long maxAge) {
    this.maxAge = maxAge;
  }

  public long getMaxLengthBytes() {
    return maxLengthBytes;
  }

  public void setMaxLengthBytes(long maxLengthBytes) {
    this.maxLengthBytes = maxLengthBytes;
  }

  public long getMaxSegmentSizeBytes() {
    return maxSegmentSizeBytes;
  }

  public void setMaxSegmentSizeBytes(long maxSegmentSizeBytes) {
    this.maxSegmentSizeBytes = maxSegmentSizeBytes;
  }

  public int getInitialClusterSize() {
    return initialClusterSize;
  }

  public void setInitialClusterSize(int initialClusterSize) {
    this.initialClusterSize = initialClusterSize;
  }

  public String getProducerName() {
    return producerName;
  }

  public void setProducerName(String producerName) {
    this.producerName = producerName;
  }

  public int getSubEntrySize() {
    return subEntrySize;
  }

  public void setSubEntrySize(int subEntrySize) {
    this.subEntrySize = subEntrySize;
  }

  public com.rabbitmq.stream.compression.Compression getCompression() {
    return compression;
  }

  public void setCompression(com.rabbitmq.stream.compression.Compression compression) {
    this.compression = compression;
  }

  public int getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  public long getBatchPublishingDelay() {
    return batchPublishingDelay;
  }

  public void setBatchPublishingDelay(long batchPublishingDelay) {
    this.batchPublishingDelay = batchPublishingDelay;
  }

  public boolean isDynamicBatch() {
    return dynamicBatch;
  }

  public void setDynamicBatch(boolean dynamicBatch) {
    this.dynamicBatch = dynamicBatch;
  }

  public boolean isSynchronous() {
    return synchronous;
  }

  public void setSynchronous(boolean synchronous) {
    this.synchronous = synchronous;
  }

  public int getMaxUnconfirmedMessages() {
    return maxUnconfirmedMessages;
  }

  public void setMaxUnconfirmedMessages(int maxUnconfirmedMessages) {
    this.maxUnconfirmedMessages = maxUnconfirmedMessages;
  }

  public long getConfirmTimeout() {
    return confirmTimeout;
  }

  public void setConfirmTimeout(long confirmTimeout) {
    this.confirmTimeout = confirmTimeout;
  }

  public long getEnqueueTimeout() {
    return enqueueTimeout;
  }

  public void setEnqueueTimeout(long enqueueTimeout) {
    this.enqueueTimeout = enqueueTimeout;
  }

  public boolean isRetryUnconfirmed() {
    return retryUnconfirmed;
  }

  public void setRetryUnconfirmed(boolean retryUnconfirmed) {
    this.retryUnconfirmed = retryUnconfirmed;
  }

  public long getRetryDelay() {
    return retryDelay;
  }

  public void setRetryDelay(long retryDelay) {
    this.retryDelay = retryDelay;
  }

  public long getMaxRetryDelay() {
    return maxRetryDelay;
  }

  public void setMaxRetryDelay(long maxRetryDelay) {
    this.maxRetryDelay = maxRetryDelay;
  }

  public boolean isSkipPublished() {
    return skipPublished;
  }

  public void setSkipPublished(boolean skipPublished) {
    this.skipPublished = skipPublished;
  }

  public String getFilterValue() {
    return filterValue;
  }

  public void setFilterValue(String filterValue) {
    this.filterValue = filterValue;
  }

  public String getRoutingKey() {
    return routingKey;
  }

  public void setRoutingKey(String routingKey) {
    this.routingKey = routingKey;
  }

  public RabbitMqStreamRoutingStrategy getRoutingStrategy() {
    return routingStrategy;
  }

  public void setRoutingStrategy(RabbitMqStreamRoutingStrategy routingStrategy) {
    this.routingStrategy = routingStrategy;
  }

  public String getOffset() {
    return offset;
  }

  public void setOffset(String offset) {
    this.offset = offset;
  }

  public String getConsumerName() {
    return consumerName;
  }

  public void setConsumerName(String consumerName) {
    this.consumerName = consumerName;
  }

  public boolean isSingleActiveConsumer() {
    return singleActiveConsumer;
  }

  public void setSingleActiveConsumer(boolean singleActiveConsumer) {
    this.singleActiveConsumer = singleActiveConsumer;
  }

  public RabbitMqStreamOffsetTracking getOffsetTracking() {
    return offsetTracking;
  }

  public void setOffsetTracking(RabbitMqStreamOffsetTracking offsetTracking) {
    this.offsetTracking = offsetTracking;
  }

  public boolean isAllowManualCommit() {
    return allowManualCommit;
  }

  public void setAllowManualCommit(boolean allowManualCommit) {
    this.allowManualCommit = allowManualCommit;
  }

  public int getAutoCommitMessageCount() {
    return autoCommitMessageCount;
  }

  public void setAutoCommitMessageCount(int autoCommitMessageCount) {
    this.autoCommitMessageCount = autoCommitMessageCount;
  }

  public long getAutoCommitFlushInterval() {
    return autoCommitFlushInterval;
  }

  public void setAutoCommitFlushInterval(long autoCommitFlushInterval) {
    this.autoCommitFlushInterval = autoCommitFlushInterval;
  }

  public boolean isReadUntilEnd() {
    return readUntilEnd;
  }

  public void setReadUntilEnd(boolean readUntilEnd) {
    this.readUntilEnd = readUntilEnd;
  }

  public long getEndIdleTimeout() {
    return endIdleTimeout;
  }

  public void setEndIdleTimeout(long endIdleTimeout) {
    this.endIdleTimeout = endIdleTimeout;
  }

  public boolean isBatching() {
    return batching;
  }

  public void setBatching(boolean batching) {
    this.batching = batching;
  }

  public int getBatchMaxSize() {
    return batchMaxSize;
  }

  public void setBatchMaxSize(int batchMaxSize) {
    this.batchMaxSize = batchMaxSize;
  }

  public long getBatchTimeout() {
    return batchTimeout;
  }

  public void setBatchTimeout(long batchTimeout) {
    this.batchTimeout = batchTimeout;
  }

  public String getFilterValues() {
    return filterValues;
  }

  public void setFilterValues(String filterValues) {
    this.filterValues = filterValues;
  }

  public boolean isFilterMatchUnfiltered() {
    return filterMatchUnfiltered;
  }

  public void setFilterMatchUnfiltered(boolean filterMatchUnfiltered) {
    this.filterMatchUnfiltered = filterMatchUnfiltered;
  }

  public String getFilterValueProperty() {
    return filterValueProperty;
  }

  public void setFilterValueProperty(String filterValueProperty) {
    this.filterValueProperty = filterValueProperty;
  }

  public int getInitialCredits() {
    return initialCredits;
  }

  public void setInitialCredits(int initialCredits) {
    this.initialCredits = initialCredits;
  }

  public boolean isBoundedRead() {
    return boundedRead;
  }

  public void setBoundedRead(boolean boundedRead) {
    this.boundedRead = boundedRead;
  }

  /** The TLS settings to use, or the JDK's defaults when none were given. */
  public io.marketwire.config.TlsSettings tlsSettings() {
    return tlsSettings == null ? io.marketwire.config.TlsSettings.JDK_DEFAULTS : tlsSettings;
  }
}
