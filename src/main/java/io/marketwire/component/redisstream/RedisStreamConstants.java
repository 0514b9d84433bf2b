package io.marketwire.component.redisstream;

import org.apache.camel.spi.Metadata;

/** Message headers of the {@code redis-stream:} component. */
public final class RedisStreamConstants {

  @Metadata(
      label = "consumer",
      description = "The stream (Redis key) the entry was read from.",
      javaType = "String")
  public static final String STREAM = "CamelRedisStreamStream";

  @Metadata(
      description =
          "The entry id: on the consumer the id of the entry read; on the producer the id Redis"
              + " assigned to the entry just added.",
      javaType = "String")
  public static final String ID = "CamelRedisStreamId";

  @Metadata(
      description =
          "Milliseconds since the epoch taken from the entry id (the time Redis added the entry).",
      javaType = "long")
  public static final String TIMESTAMP = "CamelRedisStreamTimestamp";

  @Metadata(
      label = "consumer",
      description = "The consumer group, absent for plain (XREAD) readers.",
      javaType = "String")
  public static final String GROUP = "CamelRedisStreamGroup";

  @Metadata(
      label = "consumer",
      description = "The name of the group consumer that received the entry.",
      javaType = "String")
  public static final String CONSUMER = "CamelRedisStreamConsumer";

  @Metadata(
      label = "consumer",
      description =
          "How many times Redis has delivered this entry to a consumer of the group, this delivery"
              + " included (1 on the first delivery, more after a reclaim).",
      javaType = "long")
  public static final String DELIVERY_COUNT = "CamelRedisStreamDeliveryCount";

  @Metadata(
      description =
          "The entry ids of a batch, in stream order: on a batch-mode consumer the entries of the"
              + " exchange's List body; on the producer the ids Redis assigned to the entries of a"
              + " collection body.",
      javaType = "java.util.List<String>")
  public static final String IDS = "CamelRedisStreamIds";

  @Metadata(
      label = "consumer",
      description =
          "With allowManualCommit: the RedisStreamManualCommit whose commit() acknowledges this"
              + " exchange's entry, or every entry of its batch.",
      javaType = "io.marketwire.component.redisstream.RedisStreamManualCommit")
  public static final String MANUAL_COMMIT = "CamelRedisStreamManualCommit";

  @Metadata(
      label = "producer",
      description =
          "Explicit entry id for XADD instead of the auto-generated one ('*'). Removed from the"
              + " message once used, so a route can't accidentally reuse it.",
      javaType = "String")
  public static final String OVERRIDE_ID = "CamelRedisStreamOverrideId";

  @Metadata(
      label = "producer",
      description =
          "Trim the stream with MINID ~ this id on this XADD, overriding the endpoint's minId and"
              + " minIdAge options.",
      javaType = "String")
  public static final String MIN_ID = "CamelRedisStreamMinId";

  /** Field names written to the dead-letter stream next to the entry's original fields. */
  public static final String DLQ_SOURCE_STREAM = "dlq.sourceStream";

  public static final String DLQ_SOURCE_ID = "dlq.sourceId";
  public static final String DLQ_GROUP = "dlq.group";
  public static final String DLQ_CONSUMER = "dlq.consumer";
  public static final String DLQ_DELIVERY_COUNT = "dlq.deliveryCount";
  public static final String DLQ_LAST_ERROR = "dlq.lastError";

  /** Only on entries dead-lettered at once for a poisonExceptions match: that exception. */
  public static final String DLQ_EXCEPTION_CLASS = "dlq.exceptionClass";

  public static final String DLQ_EXCEPTION_MESSAGE = "dlq.exceptionMessage";

  private RedisStreamConstants() {}
}
