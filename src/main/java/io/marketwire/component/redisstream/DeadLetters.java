package io.marketwire.component.redisstream;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group's failure bookkeeping in Redis: the last error per pending entry (in the hash {@code
 * <stream>:errors:<group>}, so whichever consumer dead-letters the entry can report it) and the
 * move of an entry to the dead-letter stream, after maxDeliveries or at once for a poison entry.
 */
final class DeadLetters {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
  private static final int MAX_ERROR_LENGTH = 1000;
  private static final long ERRORS_TTL_SECONDS = 7 * 24 * 3600;

  private final RedisStreamConfiguration config;

  DeadLetters(RedisStreamConfiguration config) {
    this.config = config;
  }

  /** Stored in Redis, not memory: whichever consumer dead-letters the entry can read it. */
  void rememberError(StatefulRedisConnection<String, String> shared, List<String> ids, Throwable error) {
    String text = describe(error);
    Map<String, String> errors = new LinkedHashMap<>();
    ids.forEach(id -> errors.put(id, text));
    shared.async().hset(config.resolveErrorsKey(), errors);
    // entries trimmed away while pending never get their error removed: let the hash expire once
    // no failure has been recorded for a week
    shared.async().expire(config.resolveErrorsKey(), ERRORS_TTL_SECONDS);
  }

  void forgetErrors(StatefulRedisConnection<String, String> shared, List<String> ids) {
    if (!ids.isEmpty()) {
      shared.async().hdel(config.resolveErrorsKey(), ids.toArray(String[]::new));
    }
  }

  /** An entry that failed maxDeliveries times, with the last error any consumer recorded. */
  void afterMaxDeliveries(
      RedisCommands<String, String> redis,
      StreamMessage<String, String> entry,
      String consumer,
      long attempts) {
    String lastError = redis.hget(config.resolveErrorsKey(), entry.getId());
    move(
        redis,
        entry,
        consumer,
        attempts,
        Map.of(
            RedisStreamConstants.DLQ_LAST_ERROR,
            lastError != null ? lastError : "unknown (no error recorded: the consumer died?)"));
    LOG.warn(
        "Entry {} of stream {} moved to {} after {} deliveries; last error: {}",
        entry.getId(),
        config.getStream(),
        config.resolveDeadLetterStream(),
        attempts,
        lastError);
  }

  /**
   * An entry whose route failed with a poisonExceptions match can never succeed: it goes to the
   * dead-letter stream now, with that exception, instead of after maxDeliveries.
   */
  void poison(
      RedisCommands<String, String> redis,
      StreamMessage<String, String> entry,
      String consumer,
      long deliveries,
      Throwable error,
      Throwable poison) {
    Map<String, String> reason = new LinkedHashMap<>();
    reason.put(RedisStreamConstants.DLQ_LAST_ERROR, describe(error));
    reason.put(RedisStreamConstants.DLQ_EXCEPTION_CLASS, poison.getClass().getName());
    reason.put(
        RedisStreamConstants.DLQ_EXCEPTION_MESSAGE,
        poison.getMessage() != null ? clip(poison.getMessage()) : "");
    move(redis, entry, consumer, deliveries, reason);
    LOG.warn(
        "Entry {} of stream {} moved to {} at once, not retried (group {}): {}",
        entry.getId(),
        config.getStream(),
        config.resolveDeadLetterStream(),
        config.getGroup(),
        describe(poison));
  }

  /**
   * Moves an entry to the dead-letter stream and acknowledges it in the source in one MULTI, so a
   * crash in between neither loses it nor dead-letters it twice.
   */
  private void move(
      RedisCommands<String, String> redis,
      StreamMessage<String, String> entry,
      String consumer,
      long deliveries,
      Map<String, String> reason) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (entry.getBody() != null) {
      fields.putAll(entry.getBody());
    }
    fields.put(RedisStreamConstants.DLQ_SOURCE_STREAM, config.getStream());
    fields.put(RedisStreamConstants.DLQ_SOURCE_ID, entry.getId());
    fields.put(RedisStreamConstants.DLQ_GROUP, config.getGroup());
    fields.put(RedisStreamConstants.DLQ_CONSUMER, consumer);
    fields.put(RedisStreamConstants.DLQ_DELIVERY_COUNT, Long.toString(deliveries));
    fields.putAll(reason);
    redis.multi();
    try {
      redis.xadd(config.resolveDeadLetterStream(), new XAddArgs(), fields);
      redis.xack(config.getStream(), config.getGroup(), entry.getId());
      redis.hdel(config.resolveErrorsKey(), entry.getId());
      TransactionResult result = redis.exec();
      if (result.wasDiscarded()) {
        throw new RedisStreamException("Dead-lettering " + entry.getId() + " was discarded");
      }
    } catch (RuntimeException e) {
      try {
        redis.discard();
      } catch (RuntimeException ignored) {
        // not in MULTI any more (EXEC ran or the connection broke)
      }
      throw e;
    }
  }

  /** An error as the dead-letter stream shows it: class and message, capped in length. */
  static String describe(Throwable error) {
    return error != null
        ? clip(error.getClass().getName() + ": " + error.getMessage())
        : "rolled back";
  }

  private static String clip(String text) {
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
  }
}
