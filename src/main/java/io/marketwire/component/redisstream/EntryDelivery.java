package io.marketwire.component.redisstream;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.util.ObjectHelper;

/**
 * Hands entries to the route and settles the outcome: one exchange per entry, or per batch in
 * batch mode (a List of Messages), then the ids to acknowledge, the error records of a failure and
 * the immediate dead-lettering of a poison entry.
 */
final class EntryDelivery {

  private final RedisStreamConsumer consumer;
  private final RedisStreamEndpoint endpoint;
  private final RedisStreamConfiguration config;
  private final DeadLetters deadLetters;
  private final HeaderFilterStrategy headerFilter;
  private final List<String> headerFields;

  EntryDelivery(RedisStreamConsumer consumer, RedisStreamEndpoint endpoint) {
    this.consumer = consumer;
    this.endpoint = endpoint;
    this.config = endpoint.getConfiguration();
    this.deadLetters = new DeadLetters(config);
    this.headerFilter = endpoint.getHeaderFilterStrategy();
    this.headerFields = config.headerFieldList();
  }

  DeadLetters deadLetters() {
    return deadLetters;
  }

  /**
   * Runs the route for one exchange: one entry, or in batch mode a batch. Returns the ids the
   * caller acknowledges: all of them when the route succeeded and commits are not manual, none
   * otherwise. A failed group exchange stays pending with its error recorded in Redis, except a
   * single entry that failed with a poison exception: that one is dead-lettered here.
   */
  List<String> process(
      RedisCommands<String, String> redis,
      List<StreamMessage<String, String>> entries,
      long deliveries,
      String name) {
    List<String> ids = new ArrayList<>(entries.size());
    for (StreamMessage<String, String> entry : entries) {
      ids.add(entry.getId());
    }
    Exchange exchange = consumer.createExchange(false);
    try {
      Message message = exchange.getIn();
      if (config.isBatching()) {
        List<Message> messages = new ArrayList<>(entries.size());
        for (StreamMessage<String, String> entry : entries) {
          Message one = new DefaultMessage(exchange);
          fillMessage(one, entry, deliveries, name, false);
          messages.add(one);
        }
        message.setBody(messages);
        message.setHeader(RedisStreamConstants.STREAM, config.getStream());
        message.setHeader(RedisStreamConstants.IDS, ids);
        if (config.isGrouped()) {
          message.setHeader(RedisStreamConstants.GROUP, config.getGroup());
          message.setHeader(RedisStreamConstants.CONSUMER, name);
        }
      } else {
        fillMessage(message, entries.get(0), deliveries, name, true);
      }
      if (config.isAllowManualCommit()) {
        message.setHeader(
            RedisStreamConstants.MANUAL_COMMIT,
            new DefaultRedisStreamManualCommit(consumer.shared(), config, ids));
      }
      try {
        consumer.getProcessor().process(exchange);
      } catch (Exception e) {
        exchange.setException(e);
      }
      boolean failed = exchange.isFailed() || exchange.isRollbackOnly();
      if (!failed) {
        return config.isGrouped() && !config.isAllowManualCommit() ? ids : List.of();
      }
      if (config.isGrouped()) {
        Throwable poison = poisonCause(exchange.getException());
        if (poison != null && entries.size() == 1) {
          try {
            deadLetters.poison(
                redis, entries.get(0), name, deliveries, exchange.getException(), poison);
            return List.of(); // dead-lettered and acknowledged
          } catch (RuntimeException e) {
            // Redis refused the move: stays pending like any failed entry, tried again later
            consumer.getExceptionHandler()
                .handleException(
                    "Dead-lettering poison entry " + ids.get(0) + " of " + config.getStream(),
                    e);
          }
        }
        deadLetters.rememberError(consumer.shared(), ids, exchange.getException());
      }
      if (exchange.getException() != null) {
        consumer.getExceptionHandler()
            .handleException(
                "Route failed on "
                    + (entries.size() == 1 ? "entry " + ids.get(0) : "batch from " + ids.get(0))
                    + " of stream "
                    + config.getStream()
                    + (config.isGrouped() ? " (left pending, retried after minIdleTime)" : ""),
                exchange,
                exchange.getException());
      }
      return List.of();
    } finally {
      consumer.releaseExchange(exchange, false);
    }
  }

  /**
   * The entry's fields as the body, its coordinates and the headerFields as headers. The group
   * and consumer headers, the same for every entry of a batch, go on the batch's exchange
   * instead of on each of its messages.
   */
  private void fillMessage(
      Message message,
      StreamMessage<String, String> entry,
      long deliveries,
      String name,
      boolean withGroupHeaders) {
    Map<String, String> fields = entry.getBody() != null ? entry.getBody() : Map.of();
    message.setBody(fields);
    message.setHeader(RedisStreamConstants.STREAM, config.getStream());
    message.setHeader(RedisStreamConstants.ID, entry.getId());
    message.setHeader(RedisStreamConstants.TIMESTAMP, StreamIds.millis(entry.getId()));
    if (config.isGrouped()) {
      if (withGroupHeaders) {
        message.setHeader(RedisStreamConstants.GROUP, config.getGroup());
        message.setHeader(RedisStreamConstants.CONSUMER, name);
      }
      message.setHeader(RedisStreamConstants.DELIVERY_COUNT, deliveries);
    }
    for (String field : headerFields) {
      String value = fields.get(field);
      if (value != null
          && !headerFilter.applyFilterToExternalHeaders(field, value, message.getExchange())) {
        message.setHeader(field, value);
      }
    }
  }

  /**
   * One XACK per read (or batch), sent asynchronously: the read loop doesn't wait a round trip for
   * it. It goes on the reading thread's own connection, so Redis has it before that thread's next
   * XAUTOCLAIM: on the shared connection a slow route's entries, idle past minIdleTime, could be
   * claimed again before their XACK arrived and run twice. An entry whose XACK is lost stays
   * pending and is processed once more after minIdleTime (at-least-once).
   */
  void acknowledge(StatefulRedisConnection<String, String> via, List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    String[] array = ids.toArray(String[]::new);
    via.async()
        .xack(config.getStream(), config.getGroup(), array)
        .whenComplete(
            (n, error) -> {
              if (error != null) {
                consumer.getExceptionHandler()
                    .handleException(
                        "XACK of "
                            + array.length
                            + " entries on stream "
                            + config.getStream()
                            + " failed; they will be processed again",
                        error);
              }
            });
  }

  /**
   * The poisonExceptions type the error is or is caused by (the one found, so the dead letter
   * names the input problem rather than a wrapper), or null.
   */
  private Throwable poisonCause(Throwable error) {
    if (error == null) {
      return null;
    }
    for (Class<? extends Throwable> type : endpoint.getPoisonExceptionTypes()) {
      Throwable match = ObjectHelper.getException(type, error);
      if (match != null) {
        return match;
      }
    }
    return null;
  }
}
