package io.marketwire.component.redisstream;

import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * XADD, asynchronously: the exchange continues when Redis has answered with the new entry's id, so
 * many XADDs are pipelined on the one shared connection. A collection body (Maps, Messages such as
 * a batch consumer's, or plain values) is one entry per element, written to Redis in one flush; the
 * exchange continues when Redis has answered them all.
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
  private final HeaderFilterStrategy headerFilter;
  private volatile StatefulRedisConnection<String, String> connection;
  private ExecutorService continuations;
  private WritableHealthCheckRepository healthRepository;
  private RedisStreamHealthCheck healthCheck;
  // why the producer cannot work (connect refused, the last XADD failed), null when it can
  private volatile String problem;

  public RedisStreamProducer(RedisStreamEndpoint endpoint) {
    super(endpoint);
    this.endpoint = endpoint;
    this.config = endpoint.getConfiguration();
    this.headerFields = config.headerFieldList();
    this.headerFilter = endpoint.getHeaderFilterStrategy();
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    healthRepository =
        HealthCheckHelper.getHealthCheckRepository(
            endpoint.getCamelContext(), "producers", WritableHealthCheckRepository.class);
    if (healthRepository != null) {
      healthCheck =
          new RedisStreamHealthCheck(
              "redis-stream-producer-" + config.getStream() + "-" + System.identityHashCode(this),
              config,
              null,
              this::healthProblem);
      healthRepository.addHealthCheck(healthCheck);
    }
    try {
      // fail the route start with a clear message when Redis can't be reached at all
      connection = endpoint.getComponent().acquireShared(config);
      problem = null;
    } catch (RuntimeException e) {
      problem = e.getMessage();
      throw e;
    }
    continuations =
        endpoint
            .getCamelContext()
            .getExecutorServiceManager()
            .newCachedThreadPool(this, "RedisStreamProducer[" + config.getStream() + "]");
  }

  @Override
  protected void doStop() throws Exception {
    if (healthRepository != null && healthCheck != null) {
      healthRepository.removeHealthCheck(healthCheck);
      healthCheck = null;
    }
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

  String healthProblem() {
    StatefulRedisConnection<String, String> c = connection;
    if (problem != null) {
      return problem;
    }
    if (c != null && !c.isOpen()) {
      return "disconnected from Redis at " + config.connectionKey() + " (reconnecting)";
    }
    return null;
  }

  @Override
  public boolean process(Exchange exchange, AsyncCallback callback) {
    try {
      Message in = exchange.getMessage();
      if (in.getBody() instanceof Collection<?> batch) {
        return addAll(exchange, batch, addArgs(in), callback);
      }
      Map<String, String> fields = fields(exchange, in);
      connection
          .async()
          .xadd(config.getStream(), addArgs(in), fields)
          .whenCompleteAsync(
              (id, error) -> {
                if (succeeded(exchange, error, 1)) {
                  in.setHeader(RedisStreamConstants.ID, id);
                  in.setHeader(RedisStreamConstants.TIMESTAMP, StreamIds.millis(id));
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

  /**
   * One XADD per element, handed to Lettuce as one batch: one write and one flush for all of them
   * instead of one per command.
   */
  private boolean addAll(
      Exchange exchange, Collection<?> batch, XAddArgs args, AsyncCallback callback) {
    List<AsyncCommand<String, String, String>> adds = new ArrayList<>(batch.size());
    for (Object element : batch) {
      Map<String, String> fields =
          element instanceof Message message
              ? fields(exchange, message.getBody(), message)
              : fields(exchange, element, exchange.getMessage());
      CommandArgs<String, String> command =
          new CommandArgs<>(StringCodec.UTF8).addKey(config.getStream());
      args.build(command);
      command.add(fields);
      adds.add(
          new AsyncCommand<>(
              new Command<>(CommandType.XADD, new StatusOutput<>(StringCodec.UTF8), command)));
    }
    List<RedisCommand<String, String, ?>> commands = new ArrayList<>(adds);
    connection.dispatch(commands);
    CompletableFuture.allOf(adds.toArray(CompletableFuture[]::new))
        .whenCompleteAsync(
            (ignored, error) -> {
              if (succeeded(exchange, error, adds.size())) {
                List<String> ids = new ArrayList<>(adds.size());
                adds.forEach(add -> ids.add(add.getNow(null)));
                exchange.getMessage().setHeader(RedisStreamConstants.IDS, ids);
              }
              callback.done(false);
            },
            continuations);
    return false;
  }

  /** Records an XADD failure on the exchange and for health; true when there was none. */
  private boolean succeeded(Exchange exchange, Throwable error, int entries) {
    if (error == null) {
      problem = null;
      return true;
    }
    Throwable cause = error.getCause() != null ? error.getCause() : error;
    String message =
        (entries == 1 ? "XADD" : "XADD of " + entries + " entries")
            + " to stream "
            + config.getStream()
            + " failed: "
            + cause.getMessage();
    problem = message;
    exchange.setException(new RedisStreamException(message, cause));
    return false;
  }

  /** The entry's fields: a Map body field by field, any other body as one field, plus headers. */
  Map<String, String> fields(Exchange exchange, Message in) {
    return fields(exchange, in.getBody(), in);
  }

  private Map<String, String> fields(Exchange exchange, Object body, Message headers) {
    Map<String, String> fields = new LinkedHashMap<>();
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
      Object header = headers.getHeader(name);
      String value = text(exchange, header);
      if (value != null && !headerFilter.applyFilterToCamelHeaders(name, header, exchange)) {
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

  /** Id override and trimming for this XADD (or every XADD of a collection body). */
  XAddArgs addArgs(Message in) {
    XAddArgs args = new XAddArgs();
    String id = in.getHeader(RedisStreamConstants.OVERRIDE_ID, String.class);
    if (id != null && !id.isBlank() && !(in.getBody() instanceof Collection<?>)) {
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
