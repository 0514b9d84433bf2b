package io.marketwire.dataplane.cache;

/**
 * One processed value for the MDC: stored under its channel (latest value, with a time to live
 * when it goes stale), optionally appended to the channel's bounded history, and published on the
 * channel.
 *
 * @param channel what clients subscribe to, e.g. {@code quotes:AZO}, {@code scanner:gainers}
 * @param json the value
 * @param ttlSeconds how long the latest value stays; {@code 0} for no expiry
 * @param historyLimit how many values the history list keeps; {@code 0} for no history
 */
public record CacheUpdate(String channel, String json, long ttlSeconds, int historyLimit) {

  public static CacheUpdate latest(String channel, String json, long ttlSeconds) {
    return new CacheUpdate(channel, json, ttlSeconds, 0);
  }
}
