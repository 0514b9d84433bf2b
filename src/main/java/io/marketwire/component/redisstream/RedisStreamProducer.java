package io.marketwire.component.redisstream;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * XADD, asynchronously: the exchange continues when Redis has answered with the new entry's id, so
 * many XADDs are pipelined on the one shared connection.
 *
 * <p>The exchange continues on a Camel thread, never on Lettuce's I/O thread: whatever the route
 * does next (a redelivery delay after a failed XADD, a slow step) would otherwise stall the event
 * loop that all Redis traffic and the reconnect after a Redis restart depend on. Seen: a route
 * retrying XADDs with a delay during a Redis restart kept the connection from recovering for
 * minutes.
 */
public class RedisStreamProducer extends DefaultAsyncProducer {

  private final RedisStreamEndpoint endpoint;
  private final RedisStreamConfiguration config;
  private final List<String> headerFields;
  private StatefulRedisConnection<String, String> connection;
  private java.util.concurrent.ExecutorService continuations;

  public RedisStreamProducer(RedisStreamEndpoint endpoint) {
    super(endpoint);
    this.endpoint = endpoint;
    this.config = endpoint.getConfiguration();
    this.headerFields = config.headerFieldList();
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    // fail the route start with a clear message when Redis can't be reached at all
    connection = endpoint.getComponent().acquireShared(config);
    continuations =
        endpoint.getCamelContext().getExecutorServiceManager().newCachedThreadPool(this, "RedisStreamProducer[" + config.getStream() + "]");
  }

  @Override
  protected void doStop() throws Exception {
    if (continuations != null) {
      endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(continuations);
      continuations = null;
    }
    if (connection != null) {
      connection = null;
      endpoint.getComponent().release(config);
    }
    super.doStop();
  }

  @Override
  public boolean process(Exchange exchange, AsyncCallback callback) {
    try {
      Message in = exchange.getMessage();
      Map<String, String> fields = fields(exchange, in);
      XAddArgs args = addArgs(in);
      connection
          .async()
          .xadd(config.getStream(), args, fields)
          .whenCompleteAsync(
              (id, error) -> {
                if (error != null) {
                  exchange.setException(
                      new RedisStreamException(
                          "XADD to stream " + config.getStream() + " failed: " + error.getMessage(),
                          error));
                } else {
                  exchange.getMessage().setHeader(RedisStreamConstants.ID, id);
                  exchange
                      .getMessage()
                      .setHeader(RedisStreamConstants.TIMESTAMP, StreamIds.millis(id));
                }
                callback.done(false);
              },
              continuations);
      return false;
    } catch (Exception e) {
      exchange.setException(e);
      callback.done(true);
      return true;
    }
  }

  /** The entry's fields: a Map body field by field, any other body as one field, plus headers. */
  Map<String, String> fields(Exchange exchange, Message in) {
    Map<String, String> fields = new LinkedHashMap<>();
    Object body = in.getBody();
    if (body instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String value = text(exchange, e.getValue());
        if (e.getKey() != null && value != null) {
          fields.put(e.getKey().toString(), value);
        }
      }
    } else if (body != null) {
      String value = text(exchange, body);
      if (value != null) {
        fields.put(config.getBodyField(), value);
      }
    }
    for (String name : headerFields) {
      String value = text(exchange, in.getHeader(name));
      if (value != null) {
        fields.put(name, value);
      }
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException(
          "Nothing to XADD to stream "
              + config.getStream()
              + ": the body is null or an empty map and no headerFields are present (a Redis"
              + " stream entry needs at least one field)");
    }
    return fields;
  }

  private static String text(Exchange exchange, Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof byte[] bytes) {
      // the connection uses a UTF-8 String codec: binary payloads must be encoded (e.g. base64)
      return new String(bytes, StandardCharsets.UTF_8);
    }
    String converted =
        exchange.getContext().getTypeConverter().tryConvertTo(String.class, exchange, value);
    return converted != null ? converted : value.toString();
  }

  /** Id override and trimming for this one XADD. */
  XAddArgs addArgs(Message in) {
    XAddArgs args = new XAddArgs();
    String id = in.getHeader(RedisStreamConstants.OVERRIDE_ID, String.class);
    if (id != null && !id.isBlank()) {
      args.id(id);
      // used up: a later redis-stream producer in the same route must not reuse it
      in.removeHeader(RedisStreamConstants.OVERRIDE_ID);
    }
    String minId = in.getHeader(RedisStreamConstants.MIN_ID, String.class);
    if (minId == null || minId.isBlank()) {
      minId = config.getMinId();
    }
    if ((minId == null || minId.isBlank()) && config.getMinIdAge() > 0) {
      minId = (System.currentTimeMillis() - config.getMinIdAge()) + "-0";
    }
    boolean trim = false;
    if (minId != null && !minId.isBlank()) {
      args.minId(minId);
      trim = true;
    } else if (config.getMaxLen() > 0) {
      args.maxlen(config.getMaxLen());
      trim = true;
    }
    if (trim) {
      args.approximateTrimming(config.isApproximateTrim());
    }
    return args;
  }
}
