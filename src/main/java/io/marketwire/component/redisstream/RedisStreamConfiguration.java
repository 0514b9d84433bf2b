package io.marketwire.component.redisstream;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * Options of a {@code redis-stream:} endpoint. The component holds one instance whose values are
 * the defaults of every endpoint; {@link #copy()} gives each endpoint its own.
 */
@UriParams
public class RedisStreamConfiguration implements Cloneable {

  @UriPath(description = "The stream, i.e. the Redis key holding it.")
  @Metadata(required = true)
  private String stream;

  // ---- connection
  @UriParam(label = "common", defaultValue = "localhost")
  private String host = "localhost";

  @UriParam(label = "common", defaultValue = "6379")
  private int port = 6379;

  @UriParam(label = "common", defaultValue = "0")
  private int database;

  @UriParam(label = "security")
  private String username;

  @UriParam(label = "security", secret = true)
  private String password;

  @UriParam(label = "security", defaultValue = "false")
  private boolean tls;

  @UriParam(label = "security", description = "With TLS: the trust store (and key store, for mutual TLS) to verify the server with; a bean reference such as #tlsSettings. None: the JDK's trust store.")
  private io.marketwire.config.TlsSettings tlsSettings;

  @UriParam(label = "advanced", defaultValue = "10000", javaType = "java.time.Duration")
  private long commandTimeout = 10000;

  // ---- producer
  @UriParam(label = "producer", defaultValue = "data")
  private String bodyField = "data";

  @UriParam(label = "producer")
  private String headerFields;

  @UriParam(label = "producer", defaultValue = "0")
  private long maxLen;

  @UriParam(label = "producer")
  private String minId;

  @UriParam(label = "producer", defaultValue = "0", javaType = "java.time.Duration")
  private long minIdAge;

  @UriParam(label = "producer", defaultValue = "true")
  private boolean approximateTrim = true;

  // ---- consumer
  @UriParam(label = "consumer")
  private String group;

  @UriParam(label = "consumer")
  private String consumerName;

  @UriParam(label = "consumer", defaultValue = "$")
  private String startId = "$";

  @UriParam(label = "consumer", defaultValue = "100")
  private int count = 100;

  @UriParam(label = "consumer", defaultValue = "1000", javaType = "java.time.Duration")
  private long block = 1000;

  @UriParam(label = "consumer", defaultValue = "1")
  private int concurrentConsumers = 1;

  @UriParam(label = "consumer", defaultValue = "60000", javaType = "java.time.Duration")
  private long minIdleTime = 60000;

  @UriParam(label = "consumer", defaultValue = "5000", javaType = "java.time.Duration")
  private long reclaimInterval = 5000;

  @UriParam(label = "consumer", defaultValue = "5")
  private int maxDeliveries = 5;

  @UriParam(label = "consumer")
  private String deadLetterStream;

  @UriParam(label = "consumer", defaultValue = "java.lang.IllegalArgumentException")
  private String poisonExceptions = "java.lang.IllegalArgumentException";

  @UriParam(label = "consumer", defaultValue = "100")
  private long pendingWarnThreshold = 100;

  @UriParam(label = "consumer", defaultValue = "10000", javaType = "java.time.Duration")
  private long monitorInterval = 10000;

  @UriParam(label = "consumer,advanced", defaultValue = "30000", javaType = "java.time.Duration")
  private long maxBackoff = 30000;

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

  public String getStream() {
    return stream;
  }

  /** The stream, i.e. the Redis key holding it. */
  public void setStream(String stream) {
    this.stream = stream;
  }

  public String getHost() {
    return host;
  }

  /** Redis host. */
  public void setHost(String host) {
    this.host = host;
  }

  public int getPort() {
    return port;
  }

  /** Redis port. */
  public void setPort(int port) {
    this.port = port;
  }

  public int getDatabase() {
    return database;
  }

  /** Redis logical database number (SELECT). */
  public void setDatabase(int database) {
    this.database = database;
  }

  public String getUsername() {
    return username;
  }

  /** ACL user name; leave empty to authenticate with the password only (the default user). */
  public void setUsername(String username) {
    this.username = username;
  }

  public String getPassword() {
    return password;
  }

  /** Redis password (AUTH). Never logged. */
  public void setPassword(String password) {
    this.password = password;
  }

  public boolean isTls() {
    return tls;
  }

  /**
   * Connect with TLS ({@code rediss://}), verifying the server's certificate (trustStore, or the
   * JDK's trust store) and host name.
   */
  public void setTls(boolean tls) {
    this.tls = tls;
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

  public long getCommandTimeout() {
    return commandTimeout;
  }

  /**
   * Timeout in milliseconds of one Redis command; blocking reads get {@code block} on top of it.
   */
  public void setCommandTimeout(long commandTimeout) {
    this.commandTimeout = commandTimeout;
  }

  public String getBodyField() {
    return bodyField;
  }

  /**
   * Producer: the field that carries the body when the body is not a {@code Map} (a String, bytes
   * decoded as UTF-8, or anything Camel can convert to a String).
   */
  public void setBodyField(String bodyField) {
    this.bodyField = bodyField;
  }

  public String getHeaderFields() {
    return headerFields;
  }

  /**
   * Producer: comma-separated header names whose values are added as fields of the entry (a field
   * per header, named like the header). Missing headers are skipped.
   */
  public void setHeaderFields(String headerFields) {
    this.headerFields = headerFields;
  }

  public long getMaxLen() {
    return maxLen;
  }

  /** Producer: trim the stream on every XADD to about this many entries (MAXLEN); 0 = no trim. */
  public void setMaxLen(long maxLen) {
    this.maxLen = maxLen;
  }

  public String getMinId() {
    return minId;
  }

  /**
   * Producer: trim on every XADD the entries with an id lower than this one (MINID). The header
   * CamelRedisStreamMinId overrides it per message.
   */
  public void setMinId(String minId) {
    this.minId = minId;
  }

  public long getMinIdAge() {
    return minIdAge;
  }

  /**
   * Producer: trim on every XADD the entries older than this age in milliseconds (MINID computed
   * from the clock, e.g. 3600000 keeps the last hour); 0 = off. Ignored when minId is set.
   */
  public void setMinIdAge(long minIdAge) {
    this.minIdAge = minIdAge;
  }

  public boolean isApproximateTrim() {
    return approximateTrim;
  }

  /**
   * Producer: trim with {@code ~} (whole macro nodes, much cheaper; the stream may keep a few more
   * entries than asked). False trims exactly.
   */
  public void setApproximateTrim(boolean approximateTrim) {
    this.approximateTrim = approximateTrim;
  }

  public String getGroup() {
    return group;
  }

  /**
   * Consumer: the consumer group (XREADGROUP, created with MKSTREAM when missing). Without a group
   * the consumer is a plain reader (XREAD) that sees every entry and acknowledges nothing.
   */
  public void setGroup(String group) {
    this.group = group;
  }

  public String getConsumerName() {
    return consumerName;
  }

  /**
   * Consumer: the name of this consumer in the group; default host name plus a random suffix. With
   * concurrentConsumers > 1 each thread appends -1, -2, ...
   */
  public void setConsumerName(String consumerName) {
    this.consumerName = consumerName;
  }

  public String getStartId() {
    return startId;
  }

  /**
   * Consumer: where to start. With a group, the id the group starts from when this consumer creates
   * it ({@code $}: only new entries, {@code 0}: the whole stream); an existing group keeps its
   * position. Without a group, the id after which the plain reader starts ({@code $}: entries added
   * from now on).
   */
  public void setStartId(String startId) {
    this.startId = startId;
  }

  public int getCount() {
    return count;
  }

  /** Consumer: maximum entries per XREAD/XREADGROUP/XAUTOCLAIM call. */
  public void setCount(int count) {
    this.count = count;
  }

  public long getBlock() {
    return block;
  }

  /**
   * Consumer: how long one read blocks waiting for entries, in milliseconds (at least 1: Redis
   * reads BLOCK 0 as forever). Also bounds how late a stop or a due reclaim is noticed.
   */
  public void setBlock(long block) {
    this.block = block;
  }

  public int getConcurrentConsumers() {
    return concurrentConsumers;
  }

  /**
   * Consumer: threads reading the group, each a consumer of the group with its own connection.
   * Plain readers always use one.
   */
  public void setConcurrentConsumers(int concurrentConsumers) {
    this.concurrentConsumers = concurrentConsumers;
  }

  public long getMinIdleTime() {
    return minIdleTime;
  }

  /**
   * Consumer: a pending entry idle for longer than this (milliseconds) is reclaimed (XAUTOCLAIM) by
   * a live consumer and processed again. It is also the delay before a failed entry is retried.
   * Must be longer than the slowest route run, or an entry still in work may be taken over.
   */
  public void setMinIdleTime(long minIdleTime) {
    this.minIdleTime = minIdleTime;
  }

  public long getReclaimInterval() {
    return reclaimInterval;
  }

  /** Consumer: how often each group consumer looks for idle pending entries, in milliseconds. */
  public void setReclaimInterval(long reclaimInterval) {
    this.reclaimInterval = reclaimInterval;
  }

  public int getMaxDeliveries() {
    return maxDeliveries;
  }

  /**
   * Consumer: an entry delivered more than this many times is moved to the dead-letter stream
   * instead of being processed again, and acknowledged in the source; 0 = retry forever.
   */
  public void setMaxDeliveries(int maxDeliveries) {
    this.maxDeliveries = maxDeliveries;
  }

  public String getDeadLetterStream() {
    return deadLetterStream;
  }

  /** Consumer: the dead-letter stream; default {@code <stream>:dlq}. */
  public void setDeadLetterStream(String deadLetterStream) {
    this.deadLetterStream = deadLetterStream;
  }

  public String getPoisonExceptions() {
    return poisonExceptions;
  }

  /**
   * Consumer: comma-separated exception classes that say an entry can never be processed (it does
   * not parse or validate). When a group route fails with one of them, a subclass, or an exception
   * caused by one, the entry goes to the dead-letter stream at once, with the exception's class and
   * message, and is acknowledged: it is neither retried after minIdleTime nor counted against
   * maxDeliveries. Any other failure is retried as before. The default, IllegalArgumentException,
   * is what input errors throw (NumberFormatException among them); empty retries every failure.
   */
  public void setPoisonExceptions(String poisonExceptions) {
    this.poisonExceptions = poisonExceptions;
  }

  public long getPendingWarnThreshold() {
    return pendingWarnThreshold;
  }

  /** Consumer: log a WARN when the group has more pending entries than this. */
  public void setPendingWarnThreshold(long pendingWarnThreshold) {
    this.pendingWarnThreshold = pendingWarnThreshold;
  }

  public long getMonitorInterval() {
    return monitorInterval;
  }

  /**
   * Consumer: how often the pending monitor reads XPENDING for the group, in milliseconds; 0 turns
   * the monitor off.
   */
  public void setMonitorInterval(long monitorInterval) {
    this.monitorInterval = monitorInterval;
  }

  public long getMaxBackoff() {
    return maxBackoff;
  }

  /**
   * Consumer: after a Redis error the read loop waits, doubling from 100 ms up to this many
   * milliseconds, then tries again (the connection reconnects by itself).
   */
  public void setMaxBackoff(long maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  /** The connection-relevant settings, used to share one client per distinct Redis. */
  ConnectionKey connectionKey() {
    return new ConnectionKey(
        host, port, database, username, password, tls, tlsSettings(), commandTimeout);
  }

  /** Identity of a connection; its toString leaves out the password. */
  record ConnectionKey(
      String host,
      int port,
      int database,
      String username,
      String password,
      boolean tls,
      io.marketwire.config.TlsSettings tlsSettings,
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
