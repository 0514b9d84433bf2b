package io.marketwire.dataplane.cache;

/**
 * One processed value for the MDC: stored under its channel (latest value, with a time to live
 * when it goes stale), optionally appended to the channel's bounded history, and published on the
 * channel unless it is a processor's own state.
 *
 * @param channel what clients subscribe to, e.g. {@code quotes:AZO}, {@code scanner:gainers}
 * @param json the value
 * @param ttlSeconds how long the latest value stays; {@code 0} for no expiry
 * @param historyLimit how many values the history list keeps; {@code 0} for no history
 * @param publish whether the value goes out on the pub/sub channel too
 */
public record CacheUpdate(String channel, String json, long ttlSeconds, int historyLimit, boolean publish) {

  /** A published value, with a history when {@code historyLimit > 0}. */
  public CacheUpdate(String channel, String json, long ttlSeconds, int historyLimit) {
    this(channel, json, ttlSeconds, historyLimit, true);
  }

  public static CacheUpdate latest(String channel, String json, long ttlSeconds) {
    return new CacheUpdate(channel, json, ttlSeconds, 0);
  }

  /**
   * A processor's state, kept in the MDC so that the MDP that takes its queue over continues from
   * it: stored, not published, since no client reads it (the WDS subscribes to every channel of
   * the prefix and would receive each one for nothing).
   */
  public static CacheUpdate state(String channel, String json, long ttlSeconds) {
    return new CacheUpdate(channel, json, ttlSeconds, 0, false);
  }
}
