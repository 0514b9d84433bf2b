package io.marketwire.source;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Releases events at a multiple of the pace their own timestamps set, so that a replay can run in
 * real time, N times faster or as fast as possible, and a simulator can hold a rate.
 *
 * <p>The first event anchors virtual time to the wall clock; event {@code v} is then due at {@code
 * anchorWall + (v - anchorVirtual) / speed}. Deadlines come from the anchor, not from the previous
 * event, so waiting errors do not add up over a long run: a slow consumer falls behind and then
 * catches up as fast as it can. Not thread-safe: one pacer per emitting thread.
 */
public final class Pacer {

  /** As fast as possible: never waits. */
  public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

  private final double speed;
  private final LongSupplier nanoTime;
  private boolean anchored;
  private long anchorVirtual;
  private long anchorWall;

  /** A pacer on {@link System#nanoTime()}. */
  public Pacer(double speed) {
    this(speed, System::nanoTime);
  }

  /**
   * @param speed virtual nanoseconds per wall nanosecond; {@link #MAX_SPEED} for no waiting
   * @param nanoTime a monotonic clock; tests pass a fake one
   */
  public Pacer(double speed, LongSupplier nanoTime) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive, was " + speed);
    }
    this.speed = speed;
    this.nanoTime = nanoTime;
  }

  /**
   * Parses a speed as users write it: {@code max} (as fast as possible), {@code 1} (real time),
   * {@code 10} or {@code 10x} (ten times faster), {@code 0.5} (half speed).
   */
  public static double parseSpeed(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("max") || value.equals("inf") || value.equals("infinity")) {
      return MAX_SPEED;
    }
    if (value.endsWith("x")) {
      value = value.substring(0, value.length() - 1);
    }
    double speed;
    try {
      speed = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "speed must be max, or a positive number such as 1 or 10, was \"" + text + "\"", e);
    }
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive, was \"" + text + "\"");
    }
    return speed;
  }

  public double speed() {
    return speed;
  }

  /**
   * How long to wait, in nanoseconds, before the event at {@code virtualNanos} is due; {@code 0}
   * when it is already due. The first call anchors the pacer and returns {@code 0}.
   */
  public long delayNanos(long virtualNanos) {
    if (speed == MAX_SPEED) {
      return 0;
    }
    long now = nanoTime.getAsLong();
    if (!anchored) {
      anchored = true;
      anchorVirtual = virtualNanos;
      anchorWall = now;
      return 0;
    }
    double offset = (virtualNanos - anchorVirtual) / speed;
    long due = anchorWall + (long) Math.min(offset, (double) Long.MAX_VALUE / 2);
    return Math.max(0, due - now);
  }

  /**
   * Blocks until the event at {@code virtualNanos} is due.
   *
   * @throws InterruptedException when the thread is interrupted, e.g. because the route stops
   */
  public void await(long virtualNanos) throws InterruptedException {
    long delay = delayNanos(virtualNanos);
    while (delay > 0) {
      LockSupport.parkNanos(this, delay);
      if (Thread.interrupted()) {
        throw new InterruptedException("pacing interrupted");
      }
      delay = delayNanos(virtualNanos);
    }
  }
}
