package io.marketwire.component.redisstream;

import io.marketwire.config.TlsSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * Options of a {@code redis-stream:} endpoint. The component holds one instance whose values are
 * the defaults of every endpoint; {@link #copy()} gives each endpoint its own. Durations are kept
 * in milliseconds and written in Camel's style ({@code 5s}, {@code 100ms}).
 *
 * <p>Longer than 400 lines because it is the component's option list: one annotated field with its
 * getter and setter per option, as Camel's own configurations (KafkaConfiguration, for one) are.
 */
@UriParams
public class RedisStreamConfiguration implements Cloneable {

  @UriPath(description = "The stream, i.e. the Redis key holding it.")
  @Metadata(required = true)
  private String stream;

  // ---- connection
  @UriParam(label = "common", defaultValue = "localhost", description = "Redis host.")
  private String host = "localhost";

  @UriParam(label = "common", defaultValue = "6379", description = "Redis port.")
  private int port = 6379;

  @UriParam(
      label = "common",
      defaultValue = "0",
      description = "Redis logical database number (SELECT).")
  private int database;

  @UriParam(
      label = "security",
      description =
          "ACL user name; empty authenticates with the password only (the default user).")
  private String username;

  @UriParam(
      label = "security",
      secret = true,
      description = "Redis password (AUTH). Never logged.")
  private String password;

  @UriParam(
      label = "security",
      defaultValue = "false",
      description =
          "Connect with TLS (rediss://), verifying the server's certificate (tlsSettings, or the"
              + " JDK's trust store) and host name.")
  private boolean tls;

  @UriParam(
      label = "security",
      description =
          "With TLS: the trust store (and key store, for mutual TLS) to verify the server with; a"
              + " bean reference such as #tlsSettings. None: the JDK's trust store. It belongs to"
              + " the component's Redis client, so an endpoint cannot choose other TLS settings.")
  private TlsSettings tlsSettings;

  @UriParam(
      label = "advanced",
      defaultValue = "10s",
      javaType = "java.time.Duration",
      description = "Timeout of one Redis command; blocking reads get block on top of it.")
  private long commandTimeout = 10_000;

  @UriParam(
      label = "common",
      description =
          "Comma-separated header names. Producer: the value of each header present is added to"
              + " the entry as a field of the same name. Consumer: each field of that name is also"
              + " set as a header of the message (the body keeps every field). Headers the"
              + " headerFilterStrategy filters (Camel*) are neither written nor read.")
  private String headerFields;

  // ---- producer
  @UriParam(
      label = "producer",
      defaultValue = "data",
      description =
          "The field that carries the body when the body is not a Map (a String, bytes decoded as"
              + " UTF-8, or anything Camel can convert to a String).")
  private String bodyField = "data";

  @UriParam(
      label = "producer",
      defaultValue = "0",
      description = "Trim the stream on every XADD to about this many entries (MAXLEN); 0 = no trim.")
  private long maxLen;

  @UriParam(
      label = "producer",
      description =
          "Trim on every XADD the entries with an id lower than this one (MINID). The header"
              + " CamelRedisStreamMinId overrides it per message.")
  private String minId;

  @UriParam(
      label = "producer",
      defaultValue = "0",
      javaType = "java.time.Duration",
      description =
          "Trim on every XADD the entries older than this age (MINID computed from the clock, e.g."
              + " 1h keeps the last hour); 0 = off. Ignored when minId is set.")
  private long minIdAge;

  @UriParam(
      label = "producer",
      defaultValue = "true",
      description =
          "Trim with ~ (whole macro nodes, much cheaper; the stream may keep a few more entries"
              + " than asked). False trims exactly.")
  private boolean approximateTrim = true;

  // ---- consumer
  @UriParam(
      label = "consumer",
      description =
          "The consumer group (XREADGROUP, created with MKSTREAM when missing). Without a group"
              + " the consumer is a plain reader (XREAD) that sees every entry and acknowledges"
              + " nothing.")
  private String group;

  @UriParam(
      label = "consumer",
      description =
          "The name of this consumer in the group; default host name plus a random suffix. With"
              + " concurrentConsumers above 1 each thread appends -1, -2, ...")
  private String consumerName;

  @UriParam(
      label = "consumer",
      defaultValue = "$",
      description =
          "Where to start. With a group, the id the group starts from when this consumer creates"
              + " it ($: only new entries, 0: the whole stream); an existing group keeps its"
              + " position. Without a group, the id after which the plain reader starts ($:"
              + " entries added from now on).")
  private String startId = "$";

  @UriParam(
      label = "consumer",
      defaultValue = "100",
      description =
          "Maximum entries per XREAD/XREADGROUP/XAUTOCLAIM call (in batch mode reads ask for what"
              + " the batch still lacks).")
  private int count = 100;

  @UriParam(
      label = "consumer",
      defaultValue = "1s",
      javaType = "java.time.Duration",
      description =
          "How long one read blocks waiting for entries (at least 1ms: Redis reads BLOCK 0 as"
              + " forever). Also bounds how late a stop or a due reclaim is noticed.")
  private long block = 1000;

  @UriParam(
      label = "consumer",
      defaultValue = "1",
      description =
          "Threads reading the group, each a consumer of the group with its own connection. Plain"
              + " readers always use one.")
  private int concurrentConsumers = 1;

  @UriParam(
      label = "consumer",
      defaultValue = "60s",
      javaType = "java.time.Duration",
      description =
          "A pending entry idle for longer than this is reclaimed (XAUTOCLAIM) by a live consumer"
              + " and processed again; so it is also the delay before a failed entry is retried."
              + " Must be longer than the slowest route run, or an entry still in work may be"
              + " taken over.")
  private long minIdleTime = 60_000;

  @UriParam(
      label = "consumer",
      defaultValue = "5s",
      javaType = "java.time.Duration",
      description = "How often each group consumer looks for idle pending entries.")
  private long reclaimInterval = 5000;

  @UriParam(
      label = "consumer",
      defaultValue = "5",
      description =
          "An entry delivered more than this many times is moved to the dead-letter stream"
              + " instead of being processed again, and acknowledged in the source; 0 = retry"
              + " forever.")
  private int maxDeliveries = 5;

  @UriParam(label = "consumer", description = "The dead-letter stream; default <stream>:dlq.")
  private String deadLetterStream;

  @UriParam(
      label = "consumer",
      defaultValue = "java.lang.IllegalArgumentException",
      description =
          "Comma-separated exception classes that say an entry can never be processed (it does"
              + " not parse or validate). When a group route fails with one of them, a subclass,"
              + " or an exception caused by one, the entry goes to the dead-letter stream at once"
              + " and is acknowledged: neither retried after minIdleTime nor counted against"
              + " maxDeliveries. In batch mode this applies to entries redelivered one by one after"
              + " their batch failed. Empty retries every failure.")
  private String poisonExceptions = "java.lang.IllegalArgumentException";

  @UriParam(
      label = "consumer",
      defaultValue = "false",
      description =
          "Batch mode: one exchange carries a java.util.List of org.apache.camel.Message, one per"
              + " entry (its fields as body, its id, stream, delivery count as headers), and the"
              + " entry ids in the header CamelRedisStreamIds. The batch is acknowledged after the"
              + " route succeeded for all of it; a failed batch stays pending as a whole.")
  private boolean batching;

  @UriParam(
      label = "consumer",
      defaultValue = "500",
      description = "Batch mode: the most entries one exchange carries.")
  private int batchMaxSize = 500;

  @UriParam(
      label = "consumer",
      defaultValue = "100ms",
      javaType = "java.time.Duration",
      description =
          "Batch mode: an incomplete batch is handed to the route this long after its first"
              + " entry arrived.")
  private long batchTimeout = 100;

  @UriParam(
      label = "consumer",
      defaultValue = "false",
      description =
          "Group consumers: do not acknowledge after the route; instead the header"
              + " CamelRedisStreamManualCommit holds a RedisStreamManualCommit whose commit()"
              + " acknowledges the entry, or in batch mode every entry of the batch.")
  private boolean allowManualCommit;

  @UriParam(
      label = "consumer",
      defaultValue = "100",
      description = "Log a WARN when the group has more pending entries than this.")
  private long pendingWarnThreshold = 100;

  @UriParam(
      label = "consumer",
      defaultValue = "10s",
      javaType = "java.time.Duration",
      description =
          "How often the pending monitor reads XPENDING for the group; 0 turns the monitor off.")
  private long monitorInterval = 10_000;

  @UriParam(
      label = "consumer,advanced",
      defaultValue = "30s",
      javaType = "java.time.Duration",
      description =
          "After a Redis error the read loop waits, doubling from 100ms up to this, then tries"
              + " again (the connection reconnects by itself).")
  private long maxBackoff = 30_000;

  /** A copy for one endpoint, so endpoint options never leak into the component's defaults. */
  public RedisStreamConfiguration copy() {
    try {
      return (RedisStreamConfiguration) clone();
    } catch (CloneNotSupportedException e) {
      throw new RuntimeCamelException(e);
    }
  }

  /** The dead-letter stream: {@link #getDeadLetterStream()} or {@code <stream>:dlq}. */
  public String resolveDeadLetterStream() {
    return deadLetterStream != null && !deadLetterStream.isBlank()
        ? deadLetterStream
        : stream + ":dlq";
  }

  /** Hash that remembers the last route error per pending entry, shared by all consumers. */
  public String resolveErrorsKey() {
    return stream + ":errors:" + group;
  }

  public boolean isGrouped() {
    return group != null && !group.isBlank();
  }

  /** {@link #getHeaderFields()} split on commas, trimmed, blanks dropped. */
  public List<String> headerFieldList() {
    return commaSeparated(headerFields);
  }

  /** {@link #getPoisonExceptions()} split on commas, trimmed, blanks dropped. */
  public List<String> poisonExceptionList() {
    return commaSeparated(poisonExceptions);
  }

  private static List<String> commaSeparated(String value) {
    List<String> names = new ArrayList<>();
    if (value != null) {
      for (String name : value.split(",")) {
        if (!name.isBlank()) {
          names.add(name.trim());
        }
      }
    }
    return names;
  }

  /** The TLS settings in force: the JDK's defaults when none were given. */
  public TlsSettings tlsSettings() {
    return tlsSettings == null ? TlsSettings.JDK_DEFAULTS : tlsSettings;
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

  public int getDatabase() {
    return database;
  }

  public void setDatabase(int database) {
    this.database = database;
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

  public boolean isTls() {
    return tls;
  }

  public void setTls(boolean tls) {
    this.tls = tls;
  }

  public TlsSettings getTlsSettings() {
    return tlsSettings;
  }

  public void setTlsSettings(TlsSettings tlsSettings) {
    this.tlsSettings = tlsSettings;
  }

  public long getCommandTimeout() {
    return commandTimeout;
  }

  public void setCommandTimeout(long commandTimeout) {
    this.commandTimeout = commandTimeout;
  }

  public String getHeaderFields() {
    return headerFields;
  }

  public void setHeaderFields(String headerFields) {
    this.headerFields = headerFields;
  }

  public String getBodyField() {
    return bodyField;
  }

  public void setBodyField(String bodyField) {
    this.bodyField = bodyField;
  }

  public long getMaxLen() {
    return maxLen;
  }

  public void setMaxLen(long maxLen) {
    this.maxLen = maxLen;
  }

  public String getMinId() {
    return minId;
  }

  public void setMinId(String minId) {
    this.minId = minId;
  }

  public long getMinIdAge() {
    return minIdAge;
  }

  public void setMinIdAge(long minIdAge) {
    this.minIdAge = minIdAge;
  }

  public boolean isApproximateTrim() {
    return approximateTrim;
  }

  public void setApproximateTrim(boolean approximateTrim) {
    this.approximateTrim = approximateTrim;
  }

  public String getGroup() {
    return group;
  }

  public void setGroup(String group) {
    this.group = group;
  }

  public String getConsumerName() {
    return consumerName;
  }

  public void setConsumerName(String consumerName) {
    this.consumerName = consumerName;
  }

  public String getStartId() {
    return startId;
  }

  public void setStartId(String startId) {
    this.startId = startId;
  }

  public int getCount() {
    return count;
  }

  public void setCount(int count) {
    this.count = count;
  }

  public long getBlock() {
    return block;
  }

  public void setBlock(long block) {
    this.block = block;
  }

  public int getConcurrentConsumers() {
    return concurrentConsumers;
  }

  public void setConcurrentConsumers(int concurrentConsumers) {
    this.concurrentConsumers = concurrentConsumers;
  }

  public long getMinIdleTime() {
    return minIdleTime;
  }

  public void setMinIdleTime(long minIdleTime) {
    this.minIdleTime = minIdleTime;
  }

  public long getReclaimInterval() {
    return reclaimInterval;
  }

  public void setReclaimInterval(long reclaimInterval) {
    this.reclaimInterval = reclaimInterval;
  }

  public int getMaxDeliveries() {
    return maxDeliveries;
  }

  public void setMaxDeliveries(int maxDeliveries) {
    this.maxDeliveries = maxDeliveries;
  }

  public String getDeadLetterStream() {
    return deadLetterStream;
  }

  public void setDeadLetterStream(String deadLetterStream) {
    this.deadLetterStream = deadLetterStream;
  }

  public String getPoisonExceptions() {
    return poisonExceptions;
  }

  public void setPoisonExceptions(String poisonExceptions) {
    this.poisonExceptions = poisonExceptions;
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

  public boolean isAllowManualCommit() {
    return allowManualCommit;
  }

  public void setAllowManualCommit(boolean allowManualCommit) {
    this.allowManualCommit = allowManualCommit;
  }

  public long getPendingWarnThreshold() {
    return pendingWarnThreshold;
  }

  public void setPendingWarnThreshold(long pendingWarnThreshold) {
    this.pendingWarnThreshold = pendingWarnThreshold;
  }

  public long getMonitorInterval() {
    return monitorInterval;
  }

  public void setMonitorInterval(long monitorInterval) {
    this.monitorInterval = monitorInterval;
  }

  public long getMaxBackoff() {
    return maxBackoff;
  }

  public void setMaxBackoff(long maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  /** The connection-relevant settings: endpoints with equal keys share one connection. */
  ConnectionKey connectionKey() {
    return new ConnectionKey(host, port, database, username, password, tls, commandTimeout);
  }

  /** Identity of a connection; its toString leaves out the password. */
  record ConnectionKey(
      String host,
      int port,
      int database,
      String username,
      String password,
      boolean tls,
      long commandTimeout) {
    @Override
    public String toString() {
      return (tls ? "rediss://" : "redis://")
          + (username != null ? username + "@" : "")
          + host
          + ":"
          + port
          + "/"
          + database;
    }
  }

  @Override
  public String toString() {
    return "RedisStreamConfiguration[stream="
        + stream
        + ", "
        + connectionKey()
        + ", group="
        + group
        + "]";
  }
}
