package io.marketwire.testsupport;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Restarts a real broker through the project's own script ({@code ./marketwire services restart
 * NAME}), for the fault tests: the same way an operator would, whether Docker or the chroot runs it.
 */
public final class BrokerControl {

  private BrokerControl() {}

  /** Restarts {@code rabbitmq} or {@code redis} and waits until the script reports it is back. */
  public static void restart(String broker) {
    services("restart", broker);
  }

  /** Stops {@code rabbitmq} (its application; the node stays) or {@code redis}, data kept. */
  public static void stop(String broker) {
    services("stop", broker);
  }

  /** Starts what {@link #stop} stopped and waits until it accepts clients. */
  public static void start(String broker) {
    services("start", broker);
  }

  private static void services(String action, String broker) {
    Path script = Path.of("marketwire").toAbsolutePath();
    try {
      Process p = new ProcessBuilder(script.toString(), "services", action, broker).inheritIO().start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(action + " " + broker + " took more than 180 s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(action + " " + broker + " failed with exit code " + p.exitValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    }
  }
}
