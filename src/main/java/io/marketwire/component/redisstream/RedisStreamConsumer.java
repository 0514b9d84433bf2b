package io.marketwire.component.redisstream;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XAddArgs;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Redis stream, either as members of a consumer group (XREADGROUP, XACK after the route
 * succeeded, XAUTOCLAIM of idle pending entries, dead-lettering after maxDeliveries, or at once for
 * a poison entry) or as a plain reader (XREAD, no acknowledgement).
 *
 * <p>Each reading thread has its own connection because a blocking read holds it; acknowledgements
 * go asynchronously over the shared connection so they are pipelined and don't cost a round trip
 * per entry on the reading thread.
 */
@ManagedResource(description = "Managed Redis Stream consumer")
public class RedisStreamConsumer extends DefaultConsumer {

  private static final Logger LOG = LoggerFactory.getLogger(RedisStreamConsumer.class);
  private static final long MIN_BACKOFF = 100;
  private static final int MAX_ERROR_LENGTH = 1000;
  private static final long ERRORS_TTL_SECONDS = 7 * 24 * 3600;

  /** Reclaim rounds per cycle: bounds the time spent on old entries before reading new ones. */
  private static final int MAX_RECLAIM_ROUNDS = 10;

  private final RedisStreamEndpoint endpoint;
  private final RedisStreamConfiguration config;
  private final String baseConsumerName;
  private final List<ReadLoop> loops = new ArrayList<>();
  private ExecutorService executor;
  private StatefulRedisConnection<String, String> shared;
  private PendingMonitor monitor;

  public RedisStreamConsumer(RedisStreamEndpoint endpoint, Processor processor) {
    super(endpoint, processor);
    this.endpoint = endpoint;
    this.config = endpoint.getConfiguration();
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

  private boolean grouped() {
    return config.getGroup() != null && !config.getGroup().isBlank();
  }

  @Override
  protected void doStart() throws Exception {
    super.doStart();
    shared = endpoint.getComponent().acquireShared(config);
    int threads = grouped() ? config.getConcurrentConsumers() : 1;
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
    if (grouped() && config.getMonitorInterval() > 0) {
      monitor = new PendingMonitor(getEndpoint().getCamelContext(), config, shared);
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
    if (shared != null) {
      shared = null;
      endpoint.getComponent().release(config);
    }
    super.doStop();
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

  /** One reading thread: a group member or a plain reader, with its own connection. */
  private final class ReadLoop implements Runnable {
    private final String name;
    private final Object sleeper = new Object();
    private volatile boolean running = true;
    private volatile StatefulRedisConnection<String, String> connection;
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
          pause(config.getBlock() > 0 ? config.getBlock() : MIN_BACKOFF);
          continue;
        }
        try {
          RedisCommands<String, String> redis = commands();
          if (grouped()) {
            readGroup(redis);
          } else {
            readPlain(redis);
          }
          backoff = MIN_BACKOFF;
        } catch (Exception e) {
          if (!active()) {
            break;
          }
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
      List<StreamMessage<String, String>> entries =
          redis.xreadgroup(
              Consumer.from(config.getGroup(), name),
              XReadArgs.Builder.block(config.getBlock()).count(config.getCount()),
              XReadArgs.StreamOffset.lastConsumed(config.getStream()));
      List<String> done = new ArrayList<>(entries.size());
      try {
        for (StreamMessage<String, String> entry : entries) {
          if (!active()) {
            return; // the rest stays pending and is reclaimed later
          }
          if (process(redis, entry, 1)) {
            done.add(entry.getId());
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
     * already tried maxDeliveries times and goes to the dead-letter stream instead.
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
              deadLetterAfterMaxDeliveries(redis, entry, deliveries - 1);
            } else if (process(redis, entry, deliveries)) {
              done.add(entry.getId());
            }
          }
        } finally {
          // these were redeliveries: an error may be recorded for them
          acknowledge(done);
          forgetErrors(done);
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

    /** An entry that failed maxDeliveries times, with the last error any consumer recorded. */
    private void deadLetterAfterMaxDeliveries(
        RedisCommands<String, String> redis, StreamMessage<String, String> entry, long attempts) {
      String lastError = redis.hget(config.resolveErrorsKey(), entry.getId());
      moveToDeadLetter(
          redis,
          entry,
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
     * dead-letter stream now, with that exception, instead of after maxDeliveries. False when Redis
     * refused the move: the entry then stays pending like any failed one and is tried again.
     */
    private boolean deadLetterPoison(
        RedisCommands<String, String> redis,
        StreamMessage<String, String> entry,
        long deliveries,
        Throwable error,
        Throwable poison) {
      Map<String, String> reason = new LinkedHashMap<>();
      reason.put(RedisStreamConstants.DLQ_LAST_ERROR, describe(error));
      reason.put(RedisStreamConstants.DLQ_EXCEPTION_CLASS, poison.getClass().getName());
      reason.put(
          RedisStreamConstants.DLQ_EXCEPTION_MESSAGE,
          poison.getMessage() != null ? clip(poison.getMessage()) : "");
      try {
        moveToDeadLetter(redis, entry, deliveries, reason);
      } catch (RuntimeException e) {
        getExceptionHandler()
            .handleException(
                "Dead-lettering poison entry "
                    + entry.getId()
                    + " of stream "
                    + config.getStream()
                    + " failed",
                e);
        return false;
      }
      LOG.warn(
          "Entry {} of stream {} moved to {} at once, not retried (group {}): {}",
          entry.getId(),
          config.getStream(),
          config.resolveDeadLetterStream(),
          config.getGroup(),
          describe(poison));
      return true;
    }

    /**
     * Moves an entry to the dead-letter stream and acknowledges it in the source in one MULTI, so a
     * crash in between neither loses it nor dead-letters it twice.
     */
    private void moveToDeadLetter(
        RedisCommands<String, String> redis,
        StreamMessage<String, String> entry,
        long deliveries,
        Map<String, String> reason) {
      String errorsKey = config.resolveErrorsKey();
      Map<String, String> fields = new LinkedHashMap<>();
      if (entry.getBody() != null) {
        fields.putAll(entry.getBody());
      }
      fields.put(RedisStreamConstants.DLQ_SOURCE_STREAM, config.getStream());
      fields.put(RedisStreamConstants.DLQ_SOURCE_ID, entry.getId());
      fields.put(RedisStreamConstants.DLQ_GROUP, config.getGroup());
      fields.put(RedisStreamConstants.DLQ_CONSUMER, name);
      fields.put(RedisStreamConstants.DLQ_DELIVERY_COUNT, Long.toString(deliveries));
      fields.putAll(reason);
      String dlq = config.resolveDeadLetterStream();
      redis.multi();
      try {
        redis.xadd(dlq, new XAddArgs(), fields);
        redis.xack(config.getStream(), config.getGroup(), entry.getId());
        redis.hdel(errorsKey, entry.getId());
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

    // ------------------------------------------------------------------ plain reader

    private void readPlain(RedisCommands<String, String> redis) {
      if (lastId == null) {
        lastId = resolveStart(redis);
      }
      List<StreamMessage<String, String>> entries =
          redis.xread(
              XReadArgs.Builder.block(config.getBlock()).count(config.getCount()),
              XReadArgs.StreamOffset.from(config.getStream(), lastId));
      for (StreamMessage<String, String> entry : entries) {
        if (!active()) {
          return;
        }
        // a plain reader has no pending list: it moves on whatever the route did (failures are
        // reported by process())
        lastId = entry.getId();
        process(redis, entry, 1);
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
     * Runs the route for one entry; true when it succeeded (the caller acknowledges). A group entry
     * that failed with a poison exception is dead-lettered and acknowledged here; any other failed
     * group entry stays pending with its error recorded in Redis.
     */
    private boolean process(
        RedisCommands<String, String> redis, StreamMessage<String, String> entry, long deliveries) {
      Exchange exchange = createExchange(false);
      try {
        Message message = exchange.getIn();
        message.setBody(entry.getBody() != null ? entry.getBody() : Map.of());
        message.setHeader(RedisStreamConstants.STREAM, config.getStream());
        message.setHeader(RedisStreamConstants.ID, entry.getId());
        message.setHeader(RedisStreamConstants.TIMESTAMP, StreamIds.millis(entry.getId()));
        if (grouped()) {
          message.setHeader(RedisStreamConstants.GROUP, config.getGroup());
          message.setHeader(RedisStreamConstants.CONSUMER, name);
          message.setHeader(RedisStreamConstants.DELIVERY_COUNT, deliveries);
        }
        try {
          getProcessor().process(exchange);
        } catch (Exception e) {
          exchange.setException(e);
        }
        boolean failed = exchange.isFailed() || exchange.isRollbackOnly();
        if (grouped() && failed) {
          Throwable poison = poisonCause(exchange.getException());
          if (poison != null
              && deadLetterPoison(redis, entry, deliveries, exchange.getException(), poison)) {
            return false; // dead-lettered and acknowledged: nothing left for the caller
          }
          rememberError(entry.getId(), exchange);
        }
        if (exchange.getException() != null) {
          getExceptionHandler()
              .handleException(
                  "Route failed on entry "
                      + entry.getId()
                      + " of stream "
                      + config.getStream()
                      + (grouped() ? " (left pending, retried after minIdleTime)" : ""),
                  exchange,
                  exchange.getException());
        }
        return !failed;
      } finally {
        releaseExchange(exchange, false);
      }
    }

    /**
     * One XACK per batch, sent asynchronously on the shared connection: the read loop doesn't wait
     * a round trip for it. An entry whose XACK is lost stays pending and is processed once more
     * after minIdleTime (at-least-once).
     */
    private void acknowledge(List<String> ids) {
      if (ids.isEmpty()) {
        return;
      }
      String[] array = ids.toArray(String[]::new);
      shared
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

    private void forgetErrors(List<String> ids) {
      if (!ids.isEmpty()) {
        shared.async().hdel(config.resolveErrorsKey(), ids.toArray(String[]::new));
      }
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

    /** Stored in Redis, not memory: whichever consumer dead-letters the entry can read it. */
    private void rememberError(String id, Exchange exchange) {
      shared.async().hset(config.resolveErrorsKey(), id, describe(exchange.getException()));
      // entries trimmed away while pending never get their error removed: let the hash expire
      // once no failure has been recorded for a week
      shared.async().expire(config.resolveErrorsKey(), ERRORS_TTL_SECONDS);
    }
  }

  /** An error as the dead-letter stream shows it: class and message, capped in length. */
  private static String describe(Throwable error) {
    return error != null
        ? clip(error.getClass().getName() + ": " + error.getMessage())
        : "rolled back";
  }

  private static String clip(String text) {
    return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
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
