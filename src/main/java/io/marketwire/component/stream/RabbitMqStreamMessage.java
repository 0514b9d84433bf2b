package io.marketwire.component.stream;

import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.Properties;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * A Camel message read from a stream whose headers are mapped from the stream message only when
 * the route first touches them (as camel-jms's JmsMessage does). Camel's header map is a
 * case-insensitive tree; filling it with the component's headers was a sixth of the consumer's
 * time per message (docs/benchmarks.md), paid even by routes that only read the body.
 */
final class RabbitMqStreamMessage extends DefaultMessage {

  private final Message source;
  private final String subscribedStream;
  private final String partition;
  private final long offset;
  private final long chunkTimestamp;
  private final HeaderFilterStrategy headerFilter;
  private final RabbitMqStreamManualCommit manualCommit;

  RabbitMqStreamMessage(
      CamelContext context,
      Message source,
      String subscribedStream,
      String partition,
      long offset,
      long chunkTimestamp,
      HeaderFilterStrategy headerFilter,
      RabbitMqStreamManualCommit manualCommit) {
    super(context);
    this.source = source;
    this.subscribedStream = subscribedStream;
    this.partition = partition;
    this.offset = offset;
    this.chunkTimestamp = chunkTimestamp;
    this.headerFilter = headerFilter;
    this.manualCommit = manualCommit;
    setBody(source.getBodyAsBinary());
  }

  @Override
  protected boolean isPopulateHeadersSupported() {
    // hasHeaders() maps them first, so "no headers" is never answered for unmapped ones
    return true;
  }

  @Override
  protected void populateInitialHeaders(Map<String, Object> map) {
    Map<String, Object> app = source.getApplicationProperties();
    if (app != null) {
      for (Map.Entry<String, Object> e : app.entrySet()) {
        if (e.getValue() != null
            && !headerFilter.applyFilterToExternalHeaders(e.getKey(), e.getValue(), getExchange())) {
          map.put(e.getKey(), e.getValue());
        }
      }
    }
    Properties p = source.getProperties();
    if (p != null) {
      putIfPresent(map, RabbitMqStreamConstants.MESSAGE_ID, p.getMessageId());
      putIfPresent(map, RabbitMqStreamConstants.CORRELATION_ID, p.getCorrelationId());
      putIfPresent(map, RabbitMqStreamConstants.CONTENT_TYPE, p.getContentType());
      putIfPresent(map, RabbitMqStreamConstants.CONTENT_ENCODING, p.getContentEncoding());
      putIfPresent(map, RabbitMqStreamConstants.SUBJECT, p.getSubject());
      putIfPresent(map, RabbitMqStreamConstants.REPLY_TO, p.getReplyTo());
      putIfPresent(map, RabbitMqStreamConstants.GROUP_ID, p.getGroupId());
      if (p.getCreationTime() > 0) {
        map.put(RabbitMqStreamConstants.CREATION_TIME, p.getCreationTime());
      }
    }
    map.put(RabbitMqStreamConstants.STREAM, subscribedStream);
    map.put(RabbitMqStreamConstants.PARTITION, partition);
    map.put(RabbitMqStreamConstants.OFFSET, offset);
    map.put(RabbitMqStreamConstants.CHUNK_TIMESTAMP, chunkTimestamp);
    Object publishingId =
        source.hasPublishingId()
            ? (Object) source.getPublishingId()
            : app == null ? null : app.get(RabbitMqStreamConstants.APP_PROPERTY_PUBLISHING_ID);
    if (publishingId != null) {
      map.put(RabbitMqStreamConstants.PUBLISHING_ID, publishingId);
    }
    if (manualCommit != null) {
      map.put(RabbitMqStreamConstants.MANUAL_COMMIT, manualCommit);
    }
  }

  private static void putIfPresent(Map<String, Object> map, String header, Object value) {
    if (value != null) {
      map.put(header, value instanceof byte[] ? value : value.toString());
    }
  }
}
