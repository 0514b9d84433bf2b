package io.marketwire.component.redisstream;

import io.lettuce.core.api.StatefulRedisConnection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** XACK (and removal of the recorded errors) on the consumer's shared connection. */
final class DefaultRedisStreamManualCommit implements RedisStreamManualCommit {

  private final StatefulRedisConnection<String, String> connection;
  private final RedisStreamConfiguration config;
  private final List<String> ids;

  DefaultRedisStreamManualCommit(
      StatefulRedisConnection<String, String> connection,
      RedisStreamConfiguration config,
      List<String> ids) {
    this.connection = connection;
    this.config = config;
    this.ids = List.copyOf(ids);
  }

  @Override
  public void commit() {
    String[] array = ids.toArray(String[]::new);
    try {
      connection
          .async()
          .xack(config.getStream(), config.getGroup(), array)
          .toCompletableFuture()
          .get(config.getCommandTimeout(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RedisStreamException("Interrupted while acknowledging " + describe(), e);
    } catch (Exception e) {
      throw new RedisStreamException(
          "XACK of " + describe() + " failed; the entries stay pending: " + e.getMessage(), e);
    }
    // a redelivered entry may have an error recorded; no need to wait for its removal
    connection.async().hdel(config.resolveErrorsKey(), array);
  }

  @Override
  public List<String> ids() {
    return ids;
  }

  private String describe() {
    return ids.size() + " entries of stream " + config.getStream() + " in group " + config.getGroup();
  }

  @Override
  public String toString() {
    return "RedisStreamManualCommit[" + describe() + "]";
  }
}
