package io.marketwire.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Brokers this machine runs through the project's own script ({@code ./marketwire services}), which
 * uses Docker Compose where Docker runs and the provisioned chroot elsewhere: restarts go the way an
 * operator's would. The script's output of each action is kept in {@code target/brokers-ACTION-NAME.log}.
 */
final class ServicesScriptBrokers implements BrokerService {

  private static final long ACTION_TIMEOUT_SECONDS = 180;

  @Override
  public boolean controlsBrokers() {
    return true;
  }

  @Override
  public void restart(Broker broker) {
    services("restart", broker);
  }

  @Override
  public void stop(Broker broker) {
    services("stop", broker);
  }

  @Override
  public void start(Broker broker) {
    services("start", broker);
  }

  private static void services(String action, Broker broker) {
    Path script = Path.of("marketwire").toAbsolutePath();
    File log = Path.of("target", "brokers-" + action + "-" + broker.serviceName() + ".log").toFile();
    try {
      Files.createDirectories(log.toPath().getParent());
      Process p = new ProcessBuilder(script.toString(), "services", action, broker.serviceName())
          .redirectErrorStream(true).redirectOutput(log).start();
      if (!p.waitFor(ACTION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(action + " " + broker.serviceName() + " took more than " + ACTION_TIMEOUT_SECONDS + " s, see " + log);
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(action + " " + broker.serviceName() + " failed with exit code " + p.exitValue() + ":\n" + Files.readString(log.toPath()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
    }
  }
}
