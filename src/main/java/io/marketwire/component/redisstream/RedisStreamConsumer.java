package io.marketwire.component.redisstream;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultConsumer;

/**
 * Reads a Redis stream, either as members of a consumer group (XREADGROUP, XACK after the route
 * succeeded or by the route through a {@link RedisStreamManualCommit}, XAUTOCLAIM of idle pending
 * entries, dead-lettering after maxDeliveries, or at once for a poison entry) or as a plain reader
 * (XREAD, no acknowledgement); one exchange per entry, or per batch in batch mode.
 *
 * <p>Each reading thread ({@link ReadLoop}) has its own connection because a blocking read holds
 * it, and sends its acknowledgements on it asynchronously; error records, manual commits and the
 * pending monitor use the shared connection. Neither connection is needed to start: a consumer
 * whose Redis is down or refuses the credentials starts, reports DOWN with the reason and connects
 * when it can.
 */
@ManagedResource(description = "Managed Redis Stream consumer")
public class RedisStreamConsumer extends DefaultConsumer {

  private final RedisStreamEndpoint endpoint;
  private final RedisStreamConfiguration config;
  private final EntryDelivery delivery;
  private final String baseConsumerName;
  private final List<ReadLoop> loops = new ArrayList<>();
  private final Object sharedLock = new Object();
  private volatile StatefulRedisConnection<String, String> shared;
  private ExecutorService executor;
  private PendingMonitor monitor;

  public RedisStreamConsumer(RedisStreamEndpoint endpoint, Processor processor) {
    super(endpoint, processor);
    this.endpoint = endpoint;
    this.config = endpoint.getConfiguration();
    this.delivery = new EntryDelivery(this, endpoint);
    this.baseConsumerName =
        config.getConsumerName() != null && !config.getConsumerName().isBlank()
            ? config.getConsumerName()
            : defaultConsumerName();
  }

  @Override
  public RedisStreamEndpoint getEndpoint() {
    return (RedisStreamEndpoint) super.getEndpoint();
  }

  private static String defaultConsumerName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      host = "camel";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    // found by Camel's "consumers" health repository through HealthCheckAware
    setHealthCheck(
        new RedisStreamHealthCheck(
            "redis-stream-consumer-" + getRouteId(), config, getRouteId(), this::healthProblem));
    int threads = config.isGrouped() ? config.getConcurrentConsumers() : 1;
    executor =
        getEndpoint()
            .getCamelContext()
            .getExecutorServiceManager()
            .newFixedThreadPool(this, "RedisStreamConsumer[" + config.getStream() + "]", threads);
    for (int i = 1; i <= threads; i++) {
      String name = threads == 1 ? baseConsumerName : baseConsumerName + "-" + i;
      ReadLoop loop = new ReadLoop(this, delivery, name);
      loops.add(loop);
      executor.submit(loop);
    }
    if (config.isGrouped() && config.getMonitorInterval() > 0) {
      monitor = new PendingMonitor(getEndpoint().getCamelContext(), config, () -> shared);
      monitor.start();
    }
  }

  @Override
  protected void doStop() throws Exception {
    if (monitor != null) {
      monitor.stop();
      monitor = null;
    }
    for (ReadLoop loop : loops) {
      loop.stop();
    }
    if (executor != null) {
      // a loop leaves within one blocking read; entries it had not processed stay pending and are
      // reclaimed later, so nothing is lost by not waiting longer
      getEndpoint()
          .getCamelContext()
          .getExecutorServiceManager()
          .shutdownGraceful(executor, config.getBlock() + config.getCommandTimeout());
      executor = null;
    }
    for (ReadLoop loop : loops) {
      loop.closeConnection();
    }
    loops.clear();
    synchronized (sharedLock) {
      if (shared != null) {
        shared = null;
        endpoint.getComponent().release(config);
      }
    }
    super.doStop();
  }

  /** The shared connection (acks, error records, monitor), acquired when first needed. */
  StatefulRedisConnection<String, String> shared() {
    synchronized (sharedLock) {
      if (shared == null) {
        shared = endpoint.getComponent().acquireShared(config);
      }
      return shared;
    }
  }

  /** Why this consumer cannot read now (the first thread's problem), or null when all can. */
  String healthProblem() {
    if (!isStarted()) {
      return null; // a stopped route's readiness is the route's business
    }
    for (ReadLoop loop : List.copyOf(loops)) {
      String problem = loop.problem();
      if (problem != null) {
        return "consumer " + loop.name() + " of stream " + config.getStream() + ": " + problem;
      }
    }
    return null;
  }

  /** Entries delivered to the group and not yet acknowledged, as of the last monitor run. */
  @ManagedAttribute(description = "Pending entries of the group (last monitor run)")
  public long getPendingCount() {
    PendingMonitor m = monitor;
    return m != null ? m.getPendingCount() : -1;
  }

  /** Idle time of the oldest pending entry in milliseconds, as of the last monitor run. */
  @ManagedAttribute(description = "Idle ms of the oldest pending entry (last monitor run)")
  public long getOldestPendingIdleMillis() {
    PendingMonitor m = monitor;
    return m != null ? m.getOldestIdleMillis() : -1;
  }

  /** Entries not yet delivered to the group (XINFO GROUPS lag), -1 when unknown. */
  @ManagedAttribute(description = "Entries not yet delivered to the group (-1: unknown)")
  public long getLag() {
    PendingMonitor m = monitor;
    return m != null ? m.getLag() : -1;
  }

  @ManagedAttribute(description = "Consumer name (of the first thread)")
  public String getConsumerName() {
    return loops.isEmpty() ? baseConsumerName : loops.get(0).name();
  }

  static boolean isNoGroup(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisCommandExecutionException
          && t.getMessage() != null
          && t.getMessage().startsWith("NOGROUP")) {
        return true;
      }
    }
    return false;
  }
}
