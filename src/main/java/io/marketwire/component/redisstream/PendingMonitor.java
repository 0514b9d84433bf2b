package io.marketwire.component.redisstream;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.models.stream.PendingMessage;
import io.lettuce.core.models.stream.PendingMessages;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one group's pending entries list: count and idle time of the oldest pending entry, as
 * getters and, when a Micrometer registry is bound in Camel, as gauges; a WARN above a threshold.
 *
 * <p>"Oldest" is the pending entry with the lowest id (XPENDING - + 1): the entry waiting longest
 * for an acknowledgement in the usual case. Its idle time restarts when it is reclaimed, so the
 * value shows how long entries sit unprocessed, not how old they are.
 */
final class PendingMonitor {

  private static final Logger LOG = LoggerFactory.getLogger(PendingMonitor.class);

  /** While above the threshold, repeat the warning at most this often. */
  private static final long WARN_REPEAT_MILLIS = 60_000;

  private final CamelContext context;
  private final RedisStreamConfiguration config;
  // the consumer's shared connection, null until the consumer first reached Redis
  private final Supplier<StatefulRedisConnection<String, String>> connection;
  private ScheduledExecutorService scheduler;
  private AutoCloseable meters; // guarded by this
  private boolean stopped; // guarded by this
  private volatile long pendingCount = -1;
  private volatile long oldestIdleMillis = -1;
  private volatile long lag = -1;
  private long lastWarn;

  PendingMonitor(
      CamelContext context,
      RedisStreamConfiguration config,
      Supplier<StatefulRedisConnection<String, String>> connection) {
    this.context = context;
    this.config = config;
    this.connection = connection;
  }

  void start() {
    scheduler =
        context
            .getExecutorServiceManager()
            .newSingleThreadScheduledExecutor(
                this, "RedisStreamPendingMonitor[" + config.getStream() + "]");
    scheduler.scheduleWithFixedDelay(
        this::check, 0, config.getMonitorInterval(), TimeUnit.MILLISECONDS);
  }

  void stop() {
    if (scheduler != null) {
      context.getExecutorServiceManager().shutdownNow(scheduler);
      scheduler = null;
    }
    synchronized (this) {
      stopped = true;
      if (meters != null) {
        try {
          meters.close();
        } catch (Exception e) {
          LOG.debug("Removing pending gauges failed", e);
        }
        meters = null;
      }
    }
  }

  /**
   * Looked up on every check until found, not once at start: Camel Main may bind the Prometheus
   * registry after the route's consumer started. Synchronized with stop() so that a check running
   * late can't register gauges nobody removes.
   */
  private synchronized void registerMeters() {
    if (!stopped && meters == null) {
      meters = PendingMetrics.register(context, this, config.getStream(), config.getGroup());
    }
  }

  long getPendingCount() {
    return pendingCount;
  }

  long getOldestIdleMillis() {
    return oldestIdleMillis;
  }

  long getLag() {
    return lag;
  }

  /** One XPENDING summary plus, when something is pending, the first pending entry. */
  void check() {
    registerMeters();
    StatefulRedisConnection<String, String> connection = this.connection.get();
    if (connection == null) {
      return;
    }
    try {
      PendingMessages summary = connection.sync().xpending(config.getStream(), config.getGroup());
      long count = summary.getCount();
      long idle = 0;
      if (count > 0) {
        List<PendingMessage> first =
            connection
                .sync()
                .xpending(config.getStream(), config.getGroup(), Range.unbounded(), Limit.from(1));
        idle = first.isEmpty() ? 0 : first.get(0).getMsSinceLastDelivery();
      }
      pendingCount = count;
      oldestIdleMillis = idle;
      lag = readLag(connection);
      warnIfHigh(count, idle);
    } catch (RuntimeException e) {
      if (RedisStreamConsumer.isNoGroup(e)) {
        return; // the read loop has not created the group yet
      }
      // the monitor must never die; Redis being away is reported by the read loops
      LOG.debug("Pending check of {} failed: {}", config.getStream(), e.getMessage());
    }
  }

  /**
   * The group's lag from XINFO GROUPS (Redis 7+): entries in the stream not yet delivered to the
   * group, the backlog that the pending count doesn't show. -1 when Redis can't tell (e.g. after
   * entries were deleted from the middle of the stream) or doesn't report it.
   */
  private long readLag(StatefulRedisConnection<String, String> connection) {
    for (Object group : connection.sync().xinfoGroups(config.getStream())) {
      if (!(group instanceof List<?> fields)) {
        continue;
      }
      Object name = null;
      Object lagValue = null;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        String key = String.valueOf(fields.get(i));
        if ("name".equals(key)) {
          name = fields.get(i + 1);
        } else if ("lag".equals(key)) {
          lagValue = fields.get(i + 1);
        }
      }
      if (config.getGroup().equals(String.valueOf(name))) {
        return lagValue instanceof Number n ? n.longValue() : -1;
      }
    }
    return -1;
  }

  private void warnIfHigh(long count, long idle) {
    if (count <= config.getPendingWarnThreshold()) {
      lastWarn = 0;
      return;
    }
    long now = System.currentTimeMillis();
    if (lastWarn == 0 || now - lastWarn >= WARN_REPEAT_MILLIS) {
      lastWarn = now;
      LOG.warn(
          "Stream {} group {}: {} entries pending (threshold {}), oldest idle {} ms",
          config.getStream(),
          config.getGroup(),
          count,
          config.getPendingWarnThreshold(),
          idle);
    }
  }
}
