package io.marketwire.chaos;

/**
 * A paced loop on a thread of its own: step 1..count, one per period, until done or stopped. The
 * steps may block and retry (a broker away); {@link #pause} lets them wait without ignoring a stop.
 */
final class LoadGenerator {

  /** One step of the load, given its number (1-based). */
  interface Step {
    void run(long n);
  }

  private final Thread thread;
  private volatile boolean stopped;

  LoadGenerator(String name, long count, long periodMillis, Step step) {
    this.thread =
        new Thread(
            () -> {
              for (long n = 1; n <= count && !stopped; n++) {
                step.run(n);
                pause(periodMillis);
              }
            },
            name);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** True while steps are still to come. */
  boolean isRunning() {
    return thread.isAlive();
  }

  boolean isStopped() {
    return stopped;
  }

  void stop() {
    stopped = true;
    thread.interrupt();
  }

  /** Sleeps, giving up early (with the interrupt flag kept) when stopped. */
  void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
