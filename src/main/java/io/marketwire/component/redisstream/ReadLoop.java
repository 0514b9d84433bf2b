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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reading thread of a {@link RedisStreamConsumer}: a group member (XREADGROUP, XAUTOCLAIM of
 * idle entries) or a plain reader (XREAD), with its own connection because a blocking read holds
 * it. It survives any error: reported, then retried with a doubling backoff.
 */
final class ReadLoop implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(ReadLoop.class);
  private static final long MIN_BACKOFF = 100;

  /** Reclaim rounds per cycle: bounds the time spent on old entries before reading new ones. */
  private static final int MAX_RECLAIM_ROUNDS = 10;

  /** One read: up to {@code count} entries, blocking at most {@code blockMillis}. */
  @FunctionalInterface
  private interface Read {
    List<StreamMessage<String, String>> next(int count, long blockMillis);
  }

  private final RedisStreamConsumer consumer;
  private final RedisStreamConfiguration config;
  private final EntryDelivery delivery;
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

  ReadLoop(RedisStreamConsumer consumer, EntryDelivery delivery, String name) {
    this.consumer = consumer;
    this.config = consumer.getEndpoint().getConfiguration();
    this.delivery = delivery;
    this.name = name;
  }

  String name() {
    return name;
  }

  /** This thread's connection (see EntryDelivery#acknowledge), or the shared one once closed. */
  private StatefulRedisConnection<String, String> ackConnection() {
    StatefulRedisConnection<String, String> c = connection;
    return c != null ? c : consumer.shared();
  }

  /** What keeps this thread from reading now, or null when its last read succeeded. */
  String problem() {
    return problem;
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
    return running && consumer.isRunAllowed();
  }

  @Override
  public void run() {
    long backoff = MIN_BACKOFF;
    while (active()) {
      if (consumer.isSuspendingOrSuspended()) {
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
        if (RedisStreamConsumer.isNoGroup(e)) {
          // the group vanished (Redis restarted without persistence, or someone deleted it):
          // create it again on the next round instead of failing forever
          groupReady = false;
        }
        consumer
            .getExceptionHandler()
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
      c = consumer.getEndpoint().getComponent().connectDedicated(config);
      // a blocking read may legitimately take `block` ms before Redis answers
      c.setTimeout(Duration.ofMillis(config.getBlock() + config.getCommandTimeout()));
      connection = c;
      groupReady = false;
      if (config.isGrouped()) {
        consumer.shared(); // now, so that the pending monitor runs before the first acknowledgement
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
        done.addAll(delivery.process(redis, entries, 1, name));
      } else {
        for (StreamMessage<String, String> entry : entries) {
          if (!active()) {
            return;
          }
          done.addAll(delivery.process(redis, List.of(entry), 1, name));
        }
      }
    } finally {
      delivery.acknowledge(ackConnection(), done);
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
            delivery.deadLetters().afterMaxDeliveries(redis, entry, name, deliveries - 1);
          } else {
            done.addAll(delivery.process(redis, List.of(entry), deliveries, name));
          }
        }
      } finally {
        // these were redeliveries: an error may be recorded for them
        delivery.acknowledge(ackConnection(), done);
        if (!done.isEmpty()) {
          delivery.deadLetters().forgetErrors(consumer.shared(), done);
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
        delivery.process(redis, entries, 1, name);
      }
      return;
    }
    for (StreamMessage<String, String> entry : entries) {
      if (!active()) {
        return;
      }
      delivery.process(redis, List.of(entry), 1, name);
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
}
