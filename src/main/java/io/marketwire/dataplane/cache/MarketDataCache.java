package io.marketwire.dataplane.cache;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MDC on Redis. Per channel {@code C} (e.g. {@code quotes:AZO}) under the key prefix {@code
 * P}: the latest value in key {@code P+C} (with a TTL where data goes stale), a bounded history in
 * list {@code P+C:history} (newest first, LPUSH + LTRIM), and every update published on pub/sub
 * channel {@code P+C}. Writes are pipelined on one connection, so updates of a channel reach Redis
 * and subscribers in the order they were written; failures are logged and counted, not thrown, so
 * a Redis hiccup does not stop the processors.
 */
public final class MarketDataCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MarketDataCache.class);

  private final RedisClient client;
  private final String prefix;
  private final LongAdder written = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private volatile StatefulRedisConnection<String, String> connection;

  public MarketDataCache(RedisClient client, String prefix) {
    this.client = client;
    this.prefix = prefix;
  }

  public String prefix() {
    return prefix;
  }

  /** The Redis key (and pub/sub channel) of a data channel. */
  public String key(String channel) {
    return prefix + channel;
  }

  public long written() {
    return written.sum();
  }

  public long failed() {
    return failed.sum();
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null) {
      synchronized (this) {
        if (connection == null) {
          connection = client.connect();
          connection.setTimeout(Duration.ofSeconds(5));
        }
        c = connection;
      }
    }
    return c;
  }

  /** Writes and publishes the updates without waiting for Redis. */
  public void write(List<CacheUpdate> updates) {
    if (updates == null || updates.isEmpty()) {
      return;
    }
    RedisAsyncCommands<String, String> redis = connection().async();
    for (CacheUpdate update : updates) {
      String key = key(update.channel());
      var set =
          update.ttlSeconds() > 0
              ? redis.set(key, update.json(), SetArgs.Builder.ex(update.ttlSeconds()))
              : redis.set(key, update.json());
      set.whenComplete(this::count);
      if (update.historyLimit() > 0) {
        redis.lpush(key + ":history", update.json()).whenComplete(this::count);
        redis.ltrim(key + ":history", 0, update.historyLimit() - 1L).whenComplete(this::count);
      }
      redis.publish(key, update.json()).whenComplete(this::count);
    }
  }

  private void count(Object result, Throwable error) {
    if (error == null) {
      written.increment();
      return;
    }
    failed.increment();
    long failures = failed.sum();
    if (failures <= 3 || failures % 1000 == 0) {
      LOG.warn("Redis write failed ({} so far): {}", failures, error.getMessage());
    }
  }

  /** The latest value of a channel, or {@code null}. */
  public String latest(String channel) {
    return connection().sync().get(key(channel));
  }

  /** The history of a channel, oldest first. */
  public List<String> history(String channel) {
    List<String> newestFirst = connection().sync().lrange(key(channel) + ":history", 0, -1);
    List<String> oldestFirst = new ArrayList<>(newestFirst);
    Collections.reverse(oldestFirst);
    return oldestFirst;
  }

  /** The latest values of every channel that starts with {@code channelPrefix}, e.g. {@code trades:}. */
  public Map<String, String> latestByPrefix(String channelPrefix) {
    RedisCommands<String, String> redis = connection().sync();
    Map<String, String> values = new LinkedHashMap<>();
    ScanArgs args = ScanArgs.Builder.matches(key(channelPrefix) + "*").limit(500);
    ScanCursor cursor = ScanCursor.INITIAL;
    do {
      KeyScanCursor<String> page = redis.scan(cursor, args);
      for (String key : page.getKeys()) {
        if (!key.endsWith(":history")) {
          String value = redis.get(key);
          if (value != null) {
            values.put(key.substring(prefix.length()), value);
          }
        }
      }
      cursor = page;
    } while (!cursor.isFinished());
    return values;
  }

  /** Deletes every key under the prefix (tests and resets). */
  public long clear() {
    Map<String, String> all = latestByPrefix("");
    RedisCommands<String, String> redis = connection().sync();
    long deleted = 0;
    for (String channel : all.keySet()) {
      deleted += redis.del(key(channel), key(channel) + ":history");
    }
    return deleted;
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
  }
}
