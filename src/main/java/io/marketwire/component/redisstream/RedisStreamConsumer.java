package io.marketwire.component.redisstream;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessage;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Redis stream, either as members of a consumer group (XREADGROUP, XACK after the route
 * succeeded or by the route through a {@link RedisStreamManualCommit}, XAUTOCLAIM of idle pending
 * entries, dead-lettering after maxDeliveries, or at once for a poison entry) or as a plain reader
 * (XREAD, no acknowledgement); one exchange per entry, or per batch in batch mode.
 *
 * <p>Each reading thread has its own connection because a blocking read holds it; acknowledgements
 * go asynchronously over the shared connection so they are pipelined and don't cost a round trip
 * on the reading thread. Neither connection is needed to start: a consumer whose Redis is down or
 * refuses the credentials starts, reports DOWN with the reason and connects when it can.
 */
@ManagedResource(description = "Managed Redis Stream consumer")
public class RedisStreamConsumer extends DefaultConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStreamConsumer.class);
  private static final long MIN_BACKOFF = 100;

  /** Reclaim rounds per cycle: bounds the time spent on old entries before reading new ones. */
  private static final int MAX_RECLAIM_ROUNDS = 10;

  private final RedisStreamEndpoint endpoint;
  private final RedisStreamConfiguration config;
  private final DeadLetters deadLetters;
  private final HeaderFilterStrategy headerFilter;
  private final List<String> headerFields;
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
    this.deadLetters = new DeadLetters(config);
    this.headerFilter = endpoint.getHeaderFilterStrategy();
    this.headerFields = config.headerFieldList();
    this.baseConsumerName =
        config.getConsumerName() != null && !config.getConsumerName().isBlank()
            ? config.getConsumerName()
            : defaultConsumerName();
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
      ReadLoop loop = new ReadLoop(name);
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
  private StatefulRedisConnection<String, String> shared() {
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
      String problem = loop.problem;
      if (problem != null) {
        return "consumer " + loop.name + " of stream " + config.getStream() + ": " + problem;
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
    return loops.isEmpty() ? baseConsumerName : loops.get(0).name;
  }

  /** One read: up to {@code count} entries, blocking at most {@code blockMillis}. */
  @FunctionalInterface
  private interface Read {
    List<StreamMessage<String, String>> next(int count, long blockMillis);
  }

  /** One reading thread: a group member or a plain reader, with its own connection. */
  private final class ReadLoop implements Runnable {
    private final String name;
    private final Object sleeper = new Object();
    private volatile boolean running = true;
    private volatile StatefulRedisConnection<String, String> connection;
    // null once a read succeeded; what went wrong meanwhile (the health check's message)
    private volatile String problem = "not connected to Redis yet";
    private boolean groupReady;
    private String lastId; // plain reader's position
    private String reclaimCursor = "0-0";
    private long nextReclaim;

    ReadLoop(String name) {
      this.name = name;
    }

    void stop() {
      running = false;
      synchronized (sleeper) {
        sleeper.notifyAll();
      }
    }

    void closeConnection() {
      StatefulRedisConnection<String, String> c = connection;
      connection = null;
      if (c != null) {
        try {
          c.close();
        } catch (RuntimeException e) {
          LOG.debug("Closing consumer connection failed", e);
        }
      }
    }

    private boolean active() {
      return running && isRunAllowed();
    }

    @Override
    public void run() {
      long backoff = MIN_BACKOFF;
      while (active()) {
        if (isSuspendingOrSuspended()) {
          // a suspended route reads nothing; entries already pending wait for the resume
          pause(config.getBlock());
          continue;
        }
        try {
          RedisCommands<String, String> redis = commands();
          if (config.isGrouped()) {
            readGroup(redis);
          } else {
            readPlain(redis);
          }
          backoff = MIN_BACKOFF;
        } catch (Exception e) {
          if (!active()) {
            break;
          }
          problem = e.getMessage();
          if (isNoGroup(e)) {
            // the group vanished (Redis restarted without persistence, or someone deleted it):
            // create it again on the next round instead of failing forever
            groupReady = false;
          }
          getExceptionHandler()
              .handleException(
                  "Reading Redis stream "
                      + config.getStream()
                      + " failed (consumer "
                      + name
                      + "); retrying in "
                      + backoff
                      + " ms",
                  e);
          pause(backoff);
          backoff = Math.min(backoff * 2, Math.max(MIN_BACKOFF, config.getMaxBackoff()));
        }
      }
      LOG.debug("Consumer {} of stream {} stopped", name, config.getStream());
    }

    private RedisCommands<String, String> commands() {
      StatefulRedisConnection<String, String> c = connection;
      if (c == null) {
        c = endpoint.getComponent().connectDedicated(config);
        // a blocking read may legitimately take `block` ms before Redis answers
        c.setTimeout(Duration.ofMillis(config.getBlock() + config.getCommandTimeout()));
        connection = c;
        groupReady = false;
        if (config.isGrouped()) {
          shared(); // now, so that the pending monitor runs before the first acknowledgement
        }
      }
      return c.sync();
    }

    private void pause(long millis) {
      synchronized (sleeper) {
        if (running) {
          try {
            sleeper.wait(millis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
          }
        }
      }
    }

    /**
     * Per-message mode: one read of {@code count} entries. Batch mode: reads until batchMaxSize
     * entries or batchTimeout after the first one, each read blocking only for the time left.
     */
    private List<StreamMessage<String, String>> fill(Read read) {
      if (!config.isBatching()) {
        List<StreamMessage<String, String>> entries =
            read.next(config.getCount(), config.getBlock());
        problem = null;
        return entries;
      }
      List<StreamMessage<String, String>> batch = new ArrayList<>();
      long deadline = 0;
      while (active() && batch.size() < config.getBatchMaxSize()) {
        long wait = batch.isEmpty() ? config.getBlock() : deadline - System.currentTimeMillis();
        if (wait <= 0) {
          break;
        }
        List<StreamMessage<String, String>> entries =
            read.next(config.getBatchMaxSize() - batch.size(), wait);
        problem = null;
        if (entries.isEmpty() && batch.isEmpty()) {
          break; // nothing within block: back to the loop (stop, reclaim)
        }
        if (batch.isEmpty()) {
          deadline = System.currentTimeMillis() + config.getBatchTimeout();
        }
        batch.addAll(entries);
      }
      return batch;
    }

    // ------------------------------------------------------------------ consumer group

    private void readGroup(RedisCommands<String, String> redis) {
      if (!groupReady) {
        createGroup(redis);
        groupReady = true;
      }
      long now = System.currentTimeMillis();
      if (now >= nextReclaim) {
        nextReclaim = now + config.getReclaimInterval();
        reclaim(redis);
      }
      Consumer<String> me = Consumer.from(config.getGroup(), name);
      List<StreamMessage<String, String>> entries =
          fill(
              (count, block) ->
                  redis.xreadgroup(
                      me,
                      XReadArgs.Builder.block(block).count(count),
                      XReadArgs.StreamOffset.lastConsumed(config.getStream())));
      if (entries.isEmpty() || !active()) {
        return; // on a stop what was read stays pending and is reclaimed later
      }
      List<String> done = new ArrayList<>(entries.size());
      try {
        if (config.isBatching()) {
          done.addAll(process(redis, entries, 1));
        } else {
          for (StreamMessage<String, String> entry : entries) {
            if (!active()) {
              return;
            }
            done.addAll(process(redis, List.of(entry), 1));
          }
        }
      } finally {
        acknowledge(done);
      }
    }

    private void createGroup(RedisCommands<String, String> redis) {
      try {
        redis.xgroupCreate(
            XReadArgs.StreamOffset.from(config.getStream(), config.getStartId()),
            config.getGroup(),
            XGroupCreateArgs.Builder.mkstream());
        LOG.info(
            "Created consumer group {} on stream {} at {}",
            config.getGroup(),
            config.getStream(),
            config.getStartId());
      } catch (RedisCommandExecutionException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith("BUSYGROUP")) {
          throw e;
        }
        // it exists already and keeps its position
      }
    }

    /**
     * Takes over entries idle for longer than minIdleTime (from crashed consumers, or failed here
     * earlier). XAUTOCLAIM increments each entry's delivery count but doesn't return it, so the
     * count is read back with XPENDING; an entry now delivered more than maxDeliveries times was
     * already tried maxDeliveries times and goes to the dead-letter stream instead. Each reclaimed
     * entry is delivered on its own, in batch mode as a batch of one: a poison entry of a failed
     * batch then fails alone, and the good entries of that batch go through.
     */
    private void reclaim(RedisCommands<String, String> redis) {
      Consumer<String> me = Consumer.from(config.getGroup(), name);
      for (int round = 0; round < MAX_RECLAIM_ROUNDS && active(); round++) {
        ClaimedMessages<String, String> claimed =
            redis.xautoclaim(
                config.getStream(),
                XAutoClaimArgs.Builder.xautoclaim(
                        me, Duration.ofMillis(config.getMinIdleTime()), reclaimCursor)
                    .count(config.getCount()));
        reclaimCursor = claimed.getId();
        List<String> done = new ArrayList<>();
        try {
          for (StreamMessage<String, String> entry : claimed.getMessages()) {
            if (!active()) {
              return;
            }
            if (entry.getBody() == null) {
              // deleted from the stream while pending (Redis 6.2 still returns the id): nothing
              // left to process, just drop it from the pending list
              done.add(entry.getId());
              continue;
            }
            long deliveries = deliveryCount(redis, me, entry.getId());
            if (config.getMaxDeliveries() > 0 && deliveries > config.getMaxDeliveries()) {
              deadLetters.afterMaxDeliveries(redis, entry, name, deliveries - 1);
            } else {
              done.addAll(process(redis, List.of(entry), deliveries));
            }
          }
        } finally {
          // these were redeliveries: an error may be recorded for them
          acknowledge(done);
          if (!done.isEmpty()) {
            deadLetters.forgetErrors(shared(), done);
          }
        }
        if ("0-0".equals(reclaimCursor)) {
          return; // scanned the whole pending list
        }
      }
    }

    private long deliveryCount(
        RedisCommands<String, String> redis, Consumer<String> me, String id) {
      List<PendingMessage> pending =
          redis.xpending(config.getStream(), me, Range.create(id, id), Limit.from(1));
      // just claimed, so it is ours; if not (deleted meanwhile) assume one redelivery
      return pending.isEmpty() ? 2 : pending.get(0).getRedeliveryCount();
    }

    // ------------------------------------------------------------------ plain reader

    private void readPlain(RedisCommands<String, String> redis) {
      if (lastId == null) {
        lastId = resolveStart(redis);
      }
      List<StreamMessage<String, String>> entries =
          fill(
              (count, block) -> {
                List<StreamMessage<String, String>> read =
                    redis.xread(
                        XReadArgs.Builder.block(block).count(count),
                        XReadArgs.StreamOffset.from(config.getStream(), lastId));
                if (!read.isEmpty()) {
                  // a plain reader has no pending list: it moves on whatever the route does
                  lastId = read.get(read.size() - 1).getId();
                }
                return read;
              });
      if (config.isBatching()) {
        if (!entries.isEmpty()) {
          process(redis, entries, 1);
        }
        return;
      }
      for (StreamMessage<String, String> entry : entries) {
        if (!active()) {
          return;
        }
        process(redis, List.of(entry), 1);
      }
    }

    /**
     * '$' resolved once to the stream's current last id: re-sending '$' on every XREAD would skip
     * the entries added between two reads.
     */
    private String resolveStart(RedisCommands<String, String> redis) {
      String start = config.getStartId();
      if (start == null || start.isBlank() || "$".equals(start)) {
        List<StreamMessage<String, String>> last =
            redis.xrevrange(config.getStream(), Range.unbounded(), Limit.from(1));
        return last.isEmpty() ? "0-0" : last.get(0).getId();
      }
      return start;
    }

    // ------------------------------------------------------------------ both

    /**
     * Runs the route for one exchange: one entry, or in batch mode a batch. Returns the ids the
     * caller acknowledges: all of them when the route succeeded and commits are not manual, none
     * otherwise. A failed group exchange stays pending with its error recorded in Redis, except a
     * single entry that failed with a poison exception: that one is dead-lettered here.
     */
    private List<String> process(
        RedisCommands<String, String> redis,
        List<StreamMessage<String, String>> entries,
        long deliveries) {
      List<String> ids = new ArrayList<>(entries.size());
      for (StreamMessage<String, String> entry : entries) {
        ids.add(entry.getId());
      }
      Exchange exchange = createExchange(false);
      try {
        Message message = exchange.getIn();
        if (config.isBatching()) {
          List<Message> messages = new ArrayList<>(entries.size());
          for (StreamMessage<String, String> entry : entries) {
            Message one = new DefaultMessage(exchange);
            fillMessage(one, entry, deliveries, false);
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
          fillMessage(message, entries.get(0), deliveries, true);
        }
        if (config.isAllowManualCommit()) {
          message.setHeader(
              RedisStreamConstants.MANUAL_COMMIT,
              new DefaultRedisStreamManualCommit(shared(), config, ids));
        }
        try {
          getProcessor().process(exchange);
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
              getExceptionHandler()
                  .handleException(
                      "Dead-lettering poison entry " + ids.get(0) + " of " + config.getStream(),
                      e);
            }
          }
          deadLetters.rememberError(shared(), ids, exchange.getException());
        }
        if (exchange.getException() != null) {
          getExceptionHandler()
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
        releaseExchange(exchange, false);
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
     * One XACK per read, sent asynchronously on the shared connection: the read loop doesn't wait
     * a round trip for it. An entry whose XACK is lost stays pending and is processed once more
     * after minIdleTime (at-least-once).
     */
    private void acknowledge(List<String> ids) {
      if (ids.isEmpty()) {
        return;
      }
      String[] array = ids.toArray(String[]::new);
      shared()
          .async()
          .xack(config.getStream(), config.getGroup(), array)
          .whenComplete(
              (n, error) -> {
                if (error != null) {
                  getExceptionHandler()
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
