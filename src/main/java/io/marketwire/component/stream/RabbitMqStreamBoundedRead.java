package io.marketwire.component.stream;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.MessageHandler;
import com.rabbitmq.stream.NoOffsetException;
import com.rabbitmq.stream.StreamStats;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 */
final class RabbitMqStreamBoundedRead implements MessageHandler {

  // until the first message arrives, allow for the subscription's set-up on a loaded broker
  private static final long FIRST_MESSAGE_GRACE_NANOS = TimeUnit.SECONDS.toNanos(20);

  private final long end;
  private final boolean exact;
  private final long idleNanos;
  private final Predicate<Message> filter;
  private final MessageHandler delegate;
  private final LongConsumer onEnd;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicLong passedOn = new AtomicLong();
  private volatile long lastArrival;
  // the dispatching thread's alone
  private long endChunkTimestamp = Long.MIN_VALUE;

  private RabbitMqStreamBoundedRead(
      long end, boolean exact, long idleMillis, Predicate<Message> filter, MessageHandler delegate, LongConsumer onEnd) {
    this.end = end;
    this.exact = exact;
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
    this.filter = filter;
    this.delegate = delegate;
    this.onEnd = onEnd;
    this.lastArrival = System.nanoTime() + Math.max(FIRST_MESSAGE_GRACE_NANOS, idleNanos) - idleNanos;
  }

  /**
   * A bounded read of {@code stream} up to its end now.
   *
   * @param filter the messages to pass on (the consumer's post-filter), null for all; applied here,
   *     after the end check, since the end may be recognised by a message the filter drops
   * @param onEnd told the number of messages passed on, once, on the dispatching thread or the
   *     thread that calls {@link #checkIdle()}
   */
  static RabbitMqStreamBoundedRead endingNow(
      Environment environment,
      String stream,
      long idleMillis,
      Predicate<Message> filter,
      MessageHandler delegate,
      LongConsumer onEnd) {
    StreamStats stats = environment.queryStreamStats(stream);
    long end;
    boolean exact;
    try {
      end = stats.committedOffset();
      exact = true;
    } catch (NoOffsetException | UnsupportedOperationException e) {
      try {
        end = stats.committedChunkId();
      } catch (NoOffsetException empty) {
        end = -1; // nothing committed yet: the read is over before it starts
      }
      exact = false;
    }
    return new RabbitMqStreamBoundedRead(end, exact, idleMillis, filter, delegate, onEnd);
  }

  @Override
  public void handle(Context context, Message message) {
    lastArrival = System.nanoTime();
    if (ended.get()) {
      return;
    }
    long offset = context.offset();
    if (offset > end && (exact || context.timestamp() != endChunkTimestamp)) {
      end();
      return;
    }
    if (offset == end) {
      endChunkTimestamp = context.timestamp();
    }
    if (filter == null || filter.test(message)) {
      passedOn.incrementAndGet();
      delegate.handle(context, message);
    }
    if (exact && offset == end) {
      end();
    }
  }

  /** Ends the read when the stream was empty or nothing arrived for the idle time; call it often. */
  void checkIdle() {
    if (end < 0 || System.nanoTime() - lastArrival > idleNanos) {
      end();
    }
  }

  boolean isEnded() {
    return ended.get();
  }

  private void end() {
    if (ended.compareAndSet(false, true)) {
      onEnd.accept(passedOn.get());
    }
  }
}
