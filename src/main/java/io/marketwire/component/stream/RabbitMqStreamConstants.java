package io.marketwire.component.stream;

import org.apache.camel.spi.Metadata;

/** Camel headers read and written by the rabbitmq-stream component. */
public final class RabbitMqStreamConstants {

  @Metadata(
      label = "consumer",
      description = "The stream (or super stream) the consumer subscribed to.",
      javaType = "String")
  public static final String STREAM = "CamelRabbitMqStreamStream";

  @Metadata(
      label = "consumer",
      description =
          "The stream the message was read from: the partition for a super stream, else the stream.",
      javaType = "String")
  public static final String PARTITION = "CamelRabbitMqStreamPartition";

  @Metadata(
      label = "producer",
      description =
          "Sends this message to the named plain stream instead of the endpoint's stream, with the"
              + " endpoint's other options (declared with its retention when declare=true). The"
              + " header is removed once read, so it does not leak into a later endpoint. Lets a"
              + " route choose the stream per message with a static to, which is much cheaper than"
              + " a toD. Not supported on super stream endpoints.",
      javaType = "String")
  public static final String OVERRIDE_STREAM = "CamelRabbitMqStreamOverrideStream";

  @Metadata(label = "consumer", description = "The offset of the message.", javaType = "long")
  public static final String OFFSET = "CamelRabbitMqStreamOffset";

  @Metadata(
      label = "consumer",
      description = "The timestamp of the chunk holding the message (epoch millis, broker clock).",
      javaType = "long")
  public static final String CHUNK_TIMESTAMP = "CamelRabbitMqStreamChunkTimestamp";

  @Metadata(
      description =
          "Producer: the publishing id to use for deduplication (named producer); the header"
              + " wins over the producer's own sequence. Consumer: the publishing id the message"
              + " was sent with, when the producer recorded it, else absent.",
      javaType = "long")
  public static final String PUBLISHING_ID = "CamelRabbitMqStreamPublishingId";

  @Metadata(
      label = "producer",
      description =
          "The routing key for a super stream producer when the routingKey option is not set.",
      javaType = "String")
  public static final String ROUTING_KEY = "CamelRabbitMqStreamRoutingKey";

  @Metadata(
      label = "consumer",
      description =
          "With allowManualCommit: the RabbitMqStreamManualCommit whose commit() stores the offset"
              + " of this message, or of the batch's last message.",
      javaType = "io.marketwire.component.stream.RabbitMqStreamManualCommit")
  public static final String MANUAL_COMMIT = "CamelRabbitMqStreamManualCommit";

  @Metadata(
      label = "consumer",
      description = "With batching: the number of messages in the exchange's body.",
      javaType = "int")
  public static final String BATCH_SIZE = "CamelRabbitMqStreamBatchSize";

  @Metadata(
      label = "consumer",
      description = "With batching: the offset of the batch's first message (where it is read again after a failure).",
      javaType = "long")
  public static final String BATCH_FIRST_OFFSET = "CamelRabbitMqStreamBatchFirstOffset";

  @Metadata(
      label = "consumer",
      description =
          "With readUntilEnd: true on the one exchange (with no body) sent after the last message of"
              + " the bounded read; the route learns there that the read is complete.",
      javaType = "boolean")
  public static final String END_OF_STREAM = "CamelRabbitMqStreamEndOfStream";

  @Metadata(
      label = "consumer",
      description = "With readUntilEnd, on the end-of-stream exchange: how many messages the read handed the route.",
      javaType = "long")
  public static final String MESSAGES_READ = "CamelRabbitMqStreamMessagesRead";

  @Metadata(
      label = "consumer",
      description = "With batching: the offset of the batch's last message (the one stored after the batch).",
      javaType = "long")
  public static final String BATCH_LAST_OFFSET = "CamelRabbitMqStreamBatchLastOffset";

  @Metadata(
      label = "consumer",
      description = "With boundedRead: true on the exchange holding the last message of the read.",
      javaType = "boolean")
  public static final String LAST_MESSAGE = "CamelRabbitMqStreamLastMessage";

  @Metadata(description = "AMQP message-id property.", javaType = "String")
  public static final String MESSAGE_ID = "CamelRabbitMqStreamMessageId";

  @Metadata(description = "AMQP correlation-id property.", javaType = "String")
  public static final String CORRELATION_ID = "CamelRabbitMqStreamCorrelationId";

  @Metadata(description = "AMQP content-type property.", javaType = "String")
  public static final String CONTENT_TYPE = "CamelRabbitMqStreamContentType";

  @Metadata(description = "AMQP content-encoding property.", javaType = "String")
  public static final String CONTENT_ENCODING = "CamelRabbitMqStreamContentEncoding";

  @Metadata(description = "AMQP subject property.", javaType = "String")
  public static final String SUBJECT = "CamelRabbitMqStreamSubject";

  @Metadata(description = "AMQP reply-to property.", javaType = "String")
  public static final String REPLY_TO = "CamelRabbitMqStreamReplyTo";

  @Metadata(description = "AMQP group-id property.", javaType = "String")
  public static final String GROUP_ID = "CamelRabbitMqStreamGroupId";

  @Metadata(description = "AMQP creation-time property (epoch millis).", javaType = "long")
  public static final String CREATION_TIME = "CamelRabbitMqStreamCreationTime";

  /**
   * Application property the producer writes its publishing id to, so that consumers can report it
   * (the stream protocol does not deliver publishing ids to consumers).
   */
  public static final String APP_PROPERTY_PUBLISHING_ID = "x-publishing-id";

  private RabbitMqStreamConstants() {}
}
