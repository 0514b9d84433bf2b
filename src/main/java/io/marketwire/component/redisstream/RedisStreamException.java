package io.marketwire.component.redisstream;

import org.apache.camel.RuntimeCamelException;

/** A Redis Streams failure with a message that names the stream or Redis, never the password. */
public class RedisStreamException extends RuntimeCamelException {
  public RedisStreamException(String message, Throwable cause) {
    super(message, cause);
  }

  public RedisStreamException(String message) {
    super(message);
  }
}
