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
 * channel {@code P+C} (except a processor's own state, {@link CacheUpdate#state}). Writes are pipelined on one connection of their own, so updates of a channel
 * reach Redis and subscribers in the order they were written; that connection does not flush each
 * command: the commands of many updates go out together, when {@link #FLUSH_AT} are waiting or
 * after at most a millisecond. Failures are logged and counted, not thrown, so a Redis hiccup does
 * not stop the processors. Reads use another connection.
 */
public final class MarketDataCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MarketDataCache.class);

  private final RedisClient client;
  private final String prefix;
  private final LongAdder written = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile StatefulRedisConnection<String, String> writer;
  /** Commands written and not yet flushed: flushed together at this many. */
  static final int FLUSH_AT = 256;
  private final java.util.concurrent.atomic.AtomicInteger unflushed = new java.util.concurrent.atomic.AtomicInteger();
  private java.util.concurrent.ScheduledExecutorService flusher;
  private final Object flushLock = new Object();

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

  private StatefulRedisConnection<String, String> writer() {
    StatefulRedisConnection<String, String> w = writer;
    if (w == null) {
      synchronized (this) {
        if (writer == null) {
          StatefulRedisConnection<String, String> c = client.connect();
          c.setTimeout(Duration.ofSeconds(5));
          c.setAutoFlushCommands(false);
          flusher =
              java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                  r -> {
                    Thread t = new Thread(r, "mdc-flush");
                    t.setDaemon(true);
                    return t;
                  });
          flusher.scheduleWithFixedDelay(() -> flush(c), 1, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
          writer = c;
        }
        w = writer;
      }
    }
    return w;
  }

  private void flush(StatefulRedisConnection<String, String> c) {
    // one flush at a time: two threads flushing at once (the flusher and a writer at FLUSH_AT) each
    // drain a part of Lettuce's buffer, and the later part could reach Redis first, reordering a
    // channel's updates (seen as bar histories out of order with several MDQ consumer threads)
    synchronized (flushLock) {
      if (unflushed.getAndSet(0) > 0) {
        c.flushCommands();
      }
    }
  }

  /** Writes and publishes the updates without waiting for Redis. */
  public void write(List<CacheUpdate> updates) {
    if (updates == null || updates.isEmpty()) {
      return;
    }
    StatefulRedisConnection<String, String> w = writer();
    RedisAsyncCommands<String, String> redis = w.async();
    int commands = 0;
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
        commands += 2;
      }
      commands++;
      if (update.publish()) {
        redis.publish(key, update.json()).whenComplete(this::count);
        commands++;
      }
    }
    if (unflushed.addAndGet(commands) >= FLUSH_AT) {
      flush(w);
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
  public synchronized void close() {
    if (flusher != null) {
      flusher.shutdownNow();
    }
    StatefulRedisConnection<String, String> w = writer;
    if (w != null) {
      w.flushCommands();
      w.close();
    }
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
  }
}
