package io.marketwire.component.stream;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.MessageHandler;
import com.rabbitmq.stream.NoOffsetException;
import com.rabbitmq.stream.StreamStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * A bounded read ({@code readUntilEnd=true}): passes the consumer's messages on up to the end the
 * stream had when the read began, then reports the end once, with the number of messages passed
 * on, and passes nothing more.
 *
 * <p>The end is the last committed offset when the broker reports it (RabbitMQ 4.1+), so the read
 * ends on that message. RabbitMQ 4.0 reports only the first offset of the last committed chunk:
 * the read then goes through that chunk (the messages with its chunk timestamp) and ends at the
 * first message of a later chunk. Without either (a filter that drops the last messages, a chunk
 * that shares its timestamp with the next), it ends after {@code idle} without a message.
 *
 * <p>A super stream is read to the end each partition had when the read began: each partition
 * ends on its own (offsets do not compare across partitions), and the read ends when the last
 * one does, so a partition that ends early (empty, or shorter) does not cut the others short.
 */
final class RabbitMqStreamBoundedRead implements MessageHandler {

  // until the first message arrives, allow for the subscription's set-up on a loaded broker
  private static final long FIRST_MESSAGE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final Map<String, StreamEnd> ends;
  private final AtomicInteger open;
  private final long idleNanos;
  private final Predicate<Message> filter;
  private final MessageHandler delegate;
  private final LongConsumer onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicLong passedOn = new AtomicLong();
  private volatile long lastArrival;

  /**
   * Where one stream (or partition) ends. Its messages come on one dispatching thread at a time,
   * in offset order, so only {@code ended} is read by others.
   */
  private static final class StreamEnd {
    private final long end;
    private final boolean exact;
    private long endChunkTimestamp = Long.MIN_VALUE;
    private volatile boolean ended;

    private StreamEnd(long end, boolean exact) {
      this.end = end;
      this.exact = exact;
      this.ended = end < 0; // nothing committed yet: over before it starts
    }
  }

  private RabbitMqStreamBoundedRead(
      Map<String, StreamEnd> ends, long idleMillis, Predicate<Message> filter, MessageHandler delegate, LongConsumer onEnd) {
    this.ends = ends;
    this.open = new AtomicInteger((int) ends.values().stream().filter(e -> !e.ended).count());
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    this.filter = filter;
    this.delegate = delegate;
    this.onEnd = onEnd;
    this.lastArrival = System.nanoTime() + Math.max(FIRST_MESSAGE_GRACE_NANOS, idleNanos) - idleNanos;
  }

  /**
   * A bounded read of {@code streams} up to the end each has now: one plain stream, or the
   * partitions of a super stream (the names its messages come with).
   *
   * @param filter the messages to pass on (the consumer's post-filter), null for all; applied here,
   *     after the end check, since the end may be recognised by a message the filter drops
   * @param onEnd told the number of messages passed on, once, on the dispatching thread or the
   *     thread that calls {@link #checkIdle()}
   */
  static RabbitMqStreamBoundedRead endingNow(
      Environment environment,
      List<String> streams,
      long idleMillis,
      Predicate<Message> filter,
      MessageHandler delegate,
      LongConsumer onEnd) {
    Map<String, StreamEnd> ends = new LinkedHashMap<>();
    for (String stream : streams) {
      ends.put(stream, endOf(environment.queryStreamStats(stream)));
    }
    return new RabbitMqStreamBoundedRead(Map.copyOf(ends), idleMillis, filter, delegate, onEnd);
  }

  private static StreamEnd endOf(StreamStats stats) {
    try {
      return new StreamEnd(stats.committedOffset(), true);
    } catch (NoOffsetException | UnsupportedOperationException e) {
      try {
        return new StreamEnd(stats.committedChunkId(), false);
      } catch (NoOffsetException empty) {
        return new StreamEnd(-1, false);
      }
    }
  }

  @Override
  public void handle(Context context, Message message) {
    lastArrival = System.nanoTime();
    StreamEnd stream = ends.get(context.stream());
    if (ended.get() || stream == null || stream.ended) {
      return;
    }
    long offset = context.offset();
    if (offset > stream.end && (stream.exact || context.timestamp() != stream.endChunkTimestamp)) {
      endOf(stream);
      return;
    }
    if (offset == stream.end) {
      stream.endChunkTimestamp = context.timestamp();
    }
    if (filter == null || filter.test(message)) {
      passedOn.incrementAndGet();
      delegate.handle(context, message);
    }
    if (stream.exact && offset == stream.end) {
      endOf(stream);
    }
  }

  /** Ends the read when every stream was empty or nothing arrived for the idle time; call it often. */
  void checkIdle() {
    if (open.get() == 0 || System.nanoTime() - lastArrival > idleNanos) {
      end();
    }
  }

  boolean isEnded() {
    return ended.get();
  }

  /** One stream is through; the read ends with the last. */
  private void endOf(StreamEnd stream) {
    stream.ended = true;
    if (open.decrementAndGet() == 0) {
      end();
    }
  }

  private void end() {
    if (ended.compareAndSet(false, true)) {
      onEnd.accept(passedOn.get());
    }
  }
}
