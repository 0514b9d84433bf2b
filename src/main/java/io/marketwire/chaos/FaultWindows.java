package io.marketwire.chaos;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * When each fault of a run was active, on this JVM's {@code System.nanoTime()} clock: from the
 * moment it was injected to the moment the injector saw the system back (broker restarted, app
 * healthy again, upstream reconnected). A flow whose promise is at most once (the data plane) may
 * lose messages inside these windows, widened by how long its own recovery takes, and nowhere
 * else; the accounting uses them to tell a loss the policy allows from a loss that is a bug.
 */
final class FaultWindows {

  /** One fault, from injection to recovery. */
  record Window(Fault fault, long fromNanos, long toNanos) {}

  private final List<Window> windows = new CopyOnWriteArrayList<>();

  void record(Fault fault, long fromNanos, long toNanos) {
    windows.add(new Window(fault, fromNanos, toNanos));
  }

  List<Window> windows() {
    return List.copyOf(windows);
  }

  /**
   * The fault whose window, opened {@code before} earlier and closed {@code after} later, holds
   * the instant; malformed input is not a window (it must never cost a valid message).
   */
  Optional<Fault> covering(long nanos, Duration before, Duration after) {
    for (Window w : windows) {
      if (w.fault() != Fault.MALFORMED
          && nanos >= w.fromNanos() - before.toNanos()
          && nanos <= w.toNanos() + after.toNanos()) {
        return Optional.of(w.fault());
      }
    }
    return Optional.empty();
  }
}
