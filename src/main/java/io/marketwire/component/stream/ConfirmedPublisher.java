package io.marketwire.component.stream;

import com.rabbitmq.stream.ConfirmationStatus;
import com.rabbitmq.stream.Constants;
import com.rabbitmq.stream.Message;
import com.rabbitmq.stream.Producer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages through stream-client producers so that each one is either confirmed by the broker
 * or kept and sent again: nothing is dropped because a connection was recovering.
 *
 * <p>The client fails a message at once while its connection recovers ({@code
 * PRODUCER_NOT_AVAILABLE}), and after {@code confirmTimeout} when no confirm came. Such a message
 * is kept here and sent again once everything sent before it has settled, in the order it was
 * first sent; new sends wait meanwhile. The wait is the back-pressure that holds the route's source
 * while the broker is away, and the order is what makes deduplication safe: a named producer's
 * broker drops any publishing id not above the last one it stored, so a message re-sent after a
 * later one was stored would be dropped, silently.
 *
 * <p>Failures that no retry can heal (stream deleted, access refused, producer closed) fail the
 * message's {@link Outcome} at once.
 */
final class ConfirmedPublisher {

  private static final ThreadLocal<Boolean> IN_CALLBACK = ThreadLocal.withInitial(() -> false);

  private static final Logger LOG = LoggerFactory.getLogger(ConfirmedPublisher.class);

  /** Confirmation codes a later attempt can succeed after. */
  private static final Set<Short> TRANSIENT =
      Set.of(
          Constants.CODE_PRODUCER_NOT_AVAILABLE,
          Constants.CODE_PUBLISH_CONFIRM_TIMEOUT,
          Constants.CODE_MESSAGE_ENQUEUEING_FAILED,
          Constants.RESPONSE_CODE_STREAM_NOT_AVAILABLE,
          Constants.RESPONSE_CODE_INTERNAL_ERROR);

  /** What becomes of one message: confirmed, or failed for good with the broker's code. */
  interface Outcome {
    void confirmed();

    void failed(short code);
  }

  private record Pending(long sequence, Producer producer, Message message, Outcome outcome) {}

  private final String description;
  private final boolean retry;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final ScheduledExecutorService scheduler;

  // one sender at a time, so that the order of sends is the order of first attempts
  private final ReentrantLock sendLock = new ReentrantLock();
  private long sequence; // guarded by sendLock

  // guarded by this: settled-or-not bookkeeping, never held while calling the client
  private final TreeMap<Long, Pending> failed = new TreeMap<>();
  private int inFlight;
  private boolean holding;
  private boolean closed;
  private short lastCode;
  private int attempts;

  private final AtomicLong resent = new AtomicLong();

  /**
   * @param description names the stream(s) in log lines
   * @param retry false: a transient failure fails the message at once (no hold, no re-send)
   * @param scheduler runs the re-sends; one thread is enough, since they happen one round at a time
   */
  ConfirmedPublisher(
      String description,
      boolean retry,
      Duration initialDelay,
      Duration maxDelay,
      ScheduledExecutorService scheduler) {
    this.description = description;
    this.retry = retry;
    this.initialDelay = initialDelay;
    this.maxDelay = maxDelay;
    this.scheduler = scheduler;
  }

  /**
   * Takes the sender's turn: waits while earlier messages are being sent again (back-pressure),
   * then holds the send lock until {@link #unlock()}. Build messages that carry a publishing id
   * under the turn, so that ids are sent in the order they are given.
   */
  void lock() throws InterruptedException {
    for (; ; ) {
      awaitNotHolding();
      sendLock.lockInterruptibly();
      if (!isHolding()) {
        return;
      }
      sendLock.unlock();
    }
  }

  /** Gives the turn back; a no-op when an interrupt while waiting in {@link #send} left it untaken. */
  void unlock() {
    if (sendLock.isHeldByCurrentThread()) {
      sendLock.unlock();
    }
  }

  /**
   * Waits, with the turn given back, while a retry round is due, then sends. Call with the turn
   * taken ({@link #lock()}), once per message, in order.
   */
  void send(Producer producer, Message message, Outcome outcome) throws InterruptedException {
    if (!sendLock.isHeldByCurrentThread()) {
      throw new IllegalStateException("send without the turn");
    }
    while (isHolding()) {
      sendLock.unlock();
      try {
        awaitNotHolding();
      } finally {
        sendLock.lockInterruptibly();
      }
    }
    Pending pending = new Pending(sequence++, producer, message, outcome);
    synchronized (this) {
      inFlight++;
    }
    producer.send(message, status -> settle(pending, status));
  }

  /** Messages sent again so far. */
  long resentCount() {
    return resent.get();
  }

  /**
   * Fails every kept message (the producer stops) and wakes the senders that wait, which then fail
   * their exchanges. Messages still with the client settle through it as it closes.
   */
  void close() {
    List<Pending> dropped;
    synchronized (this) {
      closed = true;
      dropped = new ArrayList<>(failed.values());
      failed.clear();
      holding = false;
      notifyAll();
    }
    if (!dropped.isEmpty()) {
      LOG.warn(
          "{}: stopped with {} message(s) still waiting for the broker; their exchanges fail",
          description,
          dropped.size());
    }
    for (Pending p : dropped) {
      p.outcome().failed(Constants.CODE_PRODUCER_CLOSED);
    }
  }

  /**
   * Whether this thread is running a confirm outcome, i.e. the rest of an asynchronous route. A
   * synchronous send from here would wait for a confirm that this very thread has to deliver.
   */
  static boolean inConfirmCallback() {
    return IN_CALLBACK.get();
  }

  private static void runOutcome(Runnable outcome) {
    IN_CALLBACK.set(true);
    try {
      outcome.run();
    } finally {
      IN_CALLBACK.set(false);
    }
  }

  private void settle(Pending pending, ConfirmationStatus status) {
    if (status.isConfirmed()) {
      synchronized (this) {
        inFlight--;
        notifyAll();
      }
      runOutcome(pending.outcome()::confirmed);
      return;
    }
    short code = status.getCode();
    synchronized (this) {
      inFlight--;
      if (retry && !closed && TRANSIENT.contains(code)) {
        failed.put(pending.sequence(), pending);
        lastCode = code;
        if (!holding) {
          holding = true;
          attempts = 0;
          LOG.warn(
              "{}: broker did not confirm ({}); holding new messages and sending again",
              description,
              RabbitMqStreamPublishException.describe(code));
          scheduleRound(initialDelay);
        }
        notifyAll();
        return;
      }
      notifyAll();
    }
    runOutcome(() -> pending.outcome().failed(code));
  }

  private void scheduleRound(Duration delay) {
    scheduler.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * One retry round: once nothing sent earlier is in flight (so nothing can overtake what is sent
   * again), send every kept message again in its first order and wait for each to settle. If all
   * were confirmed, new sends go on; otherwise the next round comes after a doubled delay.
   */
  private void round() {
    try {
      if (!awaitNoneInFlight()) {
        return;
      }
      List<Pending> again;
      synchronized (this) {
        again = new ArrayList<>(failed.values());
        failed.clear();
      }
      List<Pending> abandoned = new ArrayList<>();
      sendLock.lockInterruptibly();
      try {
        for (Pending p : again) {
          synchronized (this) {
            if (closed) {
              abandoned.add(p);
              continue;
            }
            inFlight++;
          }
          resent.incrementAndGet();
          p.producer().send(p.message(), status -> settle(p, status));
        }
      } finally {
        sendLock.unlock();
      }
      abandoned.forEach(p -> p.outcome().failed(Constants.CODE_PRODUCER_CLOSED));
      if (!awaitNoneInFlight()) {
        return;
      }
      synchronized (this) {
        if (closed) {
          return;
        }
        if (failed.isEmpty()) {
          holding = false;
          notifyAll();
          LOG.info("{}: broker confirms again; {} message(s) sent again so far", description, resent.get());
          return;
        }
        attempts++;
        long next = Math.min(maxDelay.toMillis(), initialDelay.toMillis() << Math.min(attempts, 20));
        if (attempts % 10 == 0) {
          LOG.warn(
              "{}: {} message(s) still not confirmed ({}), attempt {}; trying again in {} ms",
              description,
              failed.size(),
              RabbitMqStreamPublishException.describe(lastCode),
              attempts,
              next);
        }
        scheduleRound(Duration.ofMillis(next));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // a client producer closed under us: the messages already taken back settle as failed
      LOG.warn("{}: retry round failed: {}", description, e.toString());
      synchronized (this) {
        if (!closed) {
          scheduleRound(maxDelay);
        }
      }
    }
  }

  private synchronized boolean isHolding() {
    return holding;
  }

  private synchronized void awaitNotHolding() throws InterruptedException {
    while (holding && !closed) {
      wait();
    }
    if (closed) {
      throw new IllegalStateException(description + ": producer stopped");
    }
  }

  /** False when the publisher closed while waiting. */
  private synchronized boolean awaitNoneInFlight() throws InterruptedException {
    while (inFlight > 0 && !closed) {
      wait(1000);
    }
    return !closed;
  }
}
