package io.marketwire.dataplane.listener;

import io.marketwire.dataplane.listener.UpstreamConnection.Frame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The buffer between the socket's event loop and the publisher thread, sized in time: it takes
 * frames while it holds less than {@code budget} of publishing at the publisher's measured rate
 * (events per second of the time spent publishing, so an idle publisher does not shrink it), and
 * never more than {@code maxFrames}. A frame therefore waits here about the budget at most,
 * whatever the rate, and reaches the MDQ well within its TTL; when it is full the socket pauses.
 */
final class HandOff {

  private final BlockingQueue<Frame> frames;
  private final long budgetNanos;
  private final long minEvents;
  private final AtomicLong events = new AtomicLong();
  private volatile double eventsPerSecond;
  private long windowEvents;
  private long windowBusyNanos;

  /**
   * @param maxFrames frames at most, whatever the rate
   * @param budgetMillis how long of publishing it holds; 0 bounds it by maxFrames only
   * @param minEvents events it always takes (before the rate is known)
   */
  HandOff(int maxFrames, long budgetMillis, long minEvents) {
    this.frames = new ArrayBlockingQueue<>(maxFrames);
    this.budgetNanos = TimeUnit.MILLISECONDS.toNanos(budgetMillis);
    this.minEvents = minEvents;
  }

  /** Events it takes now: the budget at the measured rate, at least minEvents. */
  long capacityEvents() {
    if (budgetNanos <= 0) {
      return Long.MAX_VALUE;
    }
    return Math.max(minEvents, (long) (eventsPerSecond * budgetNanos / 1e9));
  }

  long events() {
    return events.get();
  }

  /** Takes the frame if there is room (event loop); an empty buffer takes any frame. */
  boolean offer(Frame frame) {
    long held = events.get();
    if (held > 0 && held + frame.events() > capacityEvents()) {
      return false;
    }
    if (!frames.offer(frame)) {
      return false;
    }
    events.addAndGet(frame.events());
    return true;
  }

  Frame poll(long timeout, TimeUnit unit) throws InterruptedException {
    return taken(frames.poll(timeout, unit));
  }

  Frame poll() {
    return taken(frames.poll());
  }

  private Frame taken(Frame frame) {
    if (frame != null) {
      events.addAndGet(-frame.events());
    }
    return frame;
  }

  /** The publisher published {@code n} events in {@code busyNanos} (publisher thread only). */
  void published(long n, long busyNanos) {
    windowEvents += n;
    windowBusyNanos += busyNanos;
    if (windowBusyNanos >= 100_000_000L) {
      double rate = windowEvents * 1e9 / windowBusyNanos;
      eventsPerSecond = eventsPerSecond == 0 ? rate : 0.7 * eventsPerSecond + 0.3 * rate;
      windowEvents = 0;
      windowBusyNanos = 0;
    }
  }

  /** The measured publishing rate, events per second of publishing. */
  double eventsPerSecond() {
    return eventsPerSecond;
  }
}
