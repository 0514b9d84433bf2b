package io.marketwire.testsupport;

import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/** Clean-up of the Redis keys a test made, found by their common prefix. */
public final class RedisKeys {

  private RedisKeys() {}

  /** Deletes every key starting with {@code prefix} (SCAN, not KEYS: it does not block Redis). */
  public static void deleteStartingWith(RedisCommands<String, String> redis, String prefix) {
    List<String> keys = new ArrayList<>();
    ScanArgs match = ScanArgs.Builder.matches(prefix + "*").limit(1000);
    var cursor = redis.scan(match);
    keys.addAll(cursor.getKeys());
    while (!cursor.isFinished()) {
      cursor = redis.scan(cursor, match);
      keys.addAll(cursor.getKeys());
    }
    if (!keys.isEmpty()) {
      redis.del(keys.toArray(String[]::new));
    }
  }
}
