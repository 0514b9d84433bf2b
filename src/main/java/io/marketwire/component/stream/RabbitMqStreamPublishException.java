package io.marketwire.component.stream;

import com.rabbitmq.stream.Constants;

/**
 * The broker did not confirm a message: it rejected it, the confirmation timed out, or the producer
 * could not take it (no room among unconfirmed messages in time, producer recovering or closed).
 * The exchange fails with it so that the route's error handler decides (redeliver, dead-letter).
 */
public class RabbitMqStreamPublishException extends RuntimeException {

  private final short code;

  public RabbitMqStreamPublishException(String stream, short code) {
    super("Message not confirmed on stream '" + stream + "': " + describe(code) + " (code " + code + ")");
    this.code = code;
  }

  /** The stream-client code: a protocol response code or one of the client's 10xxx codes. */
  public short getCode() {
    return code;
  }

  static String describe(short code) {
    return switch (code) {
      case Constants.CODE_MESSAGE_ENQUEUEING_FAILED ->
          "no room among unconfirmed messages within enqueueTimeout";
      case Constants.CODE_PRODUCER_NOT_AVAILABLE -> "producer not available (connection recovering)";
      case Constants.CODE_PRODUCER_CLOSED -> "producer closed";
      case Constants.CODE_PUBLISH_CONFIRM_TIMEOUT -> "no confirm within confirmTimeout";
      case Constants.CODE_NO_ROUTE_FOUND -> "no partition of the super stream for the routing key";
      case Constants.RESPONSE_CODE_STREAM_DOES_NOT_EXIST -> "stream does not exist";
      case Constants.RESPONSE_CODE_STREAM_NOT_AVAILABLE -> "stream not available";
      case Constants.RESPONSE_CODE_ACCESS_REFUSED -> "access refused";
      case Constants.RESPONSE_CODE_PUBLISHER_DOES_NOT_EXIST -> "publisher does not exist";
      default -> "rejected by the broker";
    };
  }
}
