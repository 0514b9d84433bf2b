package io.marketwire.component.stream;

import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.NoOffsetException;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.StreamStats;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Reads a stream from a starting point up to the end it had when the read began, then stops:
 * the bounded read that replay and audit rebuild need (a plain consumer would wait for new
 * messages forever).
 *
 * <p>The end is the last committed offset when the broker reports it (RabbitMQ 4.1+); RabbitMQ 4.0
 * reports only the first offset of the last committed chunk, so there the read goes through that
 * chunk and stops when the next chunk starts or nothing arrives for {@code idle}.
 *
 * <p>The same bounded read as the consumer option {@code readUntilEnd}, for code that reads outside
 * a route (the audit rebuilder and the backtest's range reader as libraries): it sits with the
 * component so that every family can use it without depending on another.
 */
public final class RabbitMqStreamBoundedReader {

  private static final Duration FIRST_MESSAGE_GRACE = Duration.ofSeconds(20);

  private final Environment environment;
  private final Duration idle;

  public RabbitMqStreamBoundedReader(Environment environment, Duration idle) {
    this.environment = environment;
    this.idle = idle;
  }

  /**
   * Reads {@code stream} from {@code start}, optionally only messages whose filter value is in
   * {@code filterValues} (application property {@code filterProperty}), and hands each message
   * with its offset to {@code handler} on the client's thread.
   *
   * @return messages handed over
   */
  public long read(
      String stream,
      OffsetSpecification start,
      Set<String> filterValues,
      String filterProperty,
      BiConsumer<Long, Message> handler)
      throws InterruptedException {
    return read(stream, start, filterValues, filterProperty, null, () -> false, null, handler);
  }

  /**
   * As {@link #read(String, OffsetSpecification, Set, String, BiConsumer)}, with three limits:
   *
   * @param consumerName null for none, or a name the read shows up under on the broker; it stores
   *     no offset and joins no single-active-consumer group, so it never affects another consumer
   * @param complete ends the read early once it says so (checked after each message handed over):
   *     a reader that knows how much it wants need not wait for the end's silence on RabbitMQ 4.0
   * @param timeout gives up after this long even when the end is not reached yet (seed 000's
   *     {@code timeout_seconds}); null waits for the end
   */
  public long read(
      String stream,
      OffsetSpecification start,
      Set<String> filterValues,
      String filterProperty,
      String consumerName,
      BooleanSupplier complete,
      Duration timeout,
      BiConsumer<Long, Message> handler)
      throws InterruptedException {
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    StreamStats stats = environment.queryStreamStats(stream);
    long end;
    boolean exactEnd;
    try {
      end = stats.committedOffset();
      exactEnd = true;
    } catch (NoOffsetException | UnsupportedOperationException e) {
      try {
        end = stats.committedChunkId();
      } catch (NoOffsetException empty) {
        return 0;
      }
      exactEnd = false;
    }
    final long endOffset = end;
    final boolean exact = exactEnd;
    CountDownLatch done = new CountDownLatch(1);
    AtomicLong handled = new AtomicLong();
    // until the first message arrives, allow for the consumer's set-up (slow on a loaded broker)
    AtomicLong lastArrival = new AtomicLong(System.nanoTime() + FIRST_MESSAGE_GRACE.toNanos());
    AtomicLong endChunkTimestamp = new AtomicLong(Long.MIN_VALUE);

    var builder = environment.consumerBuilder().stream(stream).offset(start).noTrackingStrategy();
    if (consumerName != null) {
      builder = builder.name(consumerName);
    }
    boolean filtered = filterValues != null && !filterValues.isEmpty();
    if (filtered) {
      // The broker skips chunks without the values; inside a delivered chunk every message reaches
      // the handler (post-filter accepts all) and is checked there, AFTER the end check: the end is
      // recognised by the first message of the last chunk, which may have another value.
      builder = builder.filter().values(filterValues.toArray(String[]::new)).postFilter(m -> true).builder();
    }
    try (var consumer =
        builder
            .messageHandler(
                (context, message) -> {
                  lastArrival.set(System.nanoTime());
                  if (done.getCount() == 0) {
                    return;
                  }
                  long offset = context.offset();
                  if (offset > endOffset) {
                    if (exact || context.timestamp() != endChunkTimestamp.get()) {
                      done.countDown();
                      return;
                    }
                  } else if (offset == endOffset) {
                    endChunkTimestamp.set(context.timestamp());
                  }
                  boolean wanted = !filtered || filterValues.contains(property(message, filterProperty));
                  if (wanted) {
                    handled.incrementAndGet();
                    handler.accept(offset, message);
                    if (complete.getAsBoolean()) {
                      done.countDown();
                      return;
                    }
                  }
                  if (exact && offset == endOffset) {
                    done.countDown();
                  }
                })
            .build()) {
      while (!done.await(100, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() - lastArrival.get() > idle.toNanos()) {
          break; // past the end (or filtered to nothing): nothing more is coming
        }
        if (System.nanoTime() - deadline > 0) {
          done.countDown(); // out of time: the handler takes nothing more
          break;
        }
      }
    }
    return handled.get();
  }

  /** A message's application property as a string, null when it has none. */
  public static String property(Message message, String name) {
    var props = message.getApplicationProperties();
    Object value = props == null ? null : props.get(name);
    return value == null ? null : value.toString();
  }
}
