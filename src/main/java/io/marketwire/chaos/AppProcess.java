package io.marketwire.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Marketwire app under chaos, in a JVM of its own (so it can be SIGKILLed for real): the same
 * main class and classpath as this JVM, the chosen profile, and the run's properties as system
 * properties, which win over config/ for every key. Each start logs to a file of its own.
 */
final class AppProcess implements AutoCloseable {

  private final Path dir;
  private final String profile;
  private final Map<String, String> properties;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Process process;
  private Path log;
  private int starts;

  AppProcess(Path dir, String profile, Map<String, String> properties, int port) {
    this.dir = dir;
    this.profile = profile;
    this.properties = Map.copyOf(properties);
    this.port = port;
  }

  synchronized void start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    // the GC log gives the heap after each collection, which is what a leak shows in
    command.add("-Xlog:gc:file=" + dir.resolve("gc-" + (starts + 1) + ".log").toAbsolutePath() + ":uptime");
    properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.marketwire.cli.MarketwireApp");
    command.add("run");
    command.add("--profile");
    command.add(profile);
    starts++;
    log = dir.resolve("app-" + starts + ".log");
    Files.createDirectories(dir);
    process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
  }

  /** SIGKILL: no shutdown hook, nothing flushed. */
  synchronized void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** A graceful stop (SIGTERM, Camel's shutdown), then SIGKILL after 30 s. */
  synchronized void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }

  /** The process id of the current start, or -1. */
  synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /** The GC log of the current start. */
  synchronized Path currentGcLog() {
    return dir.resolve("gc-" + starts + ".log");
  }

  int port() {
    return port;
  }

  synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Starts it again if it exited on its own (it should not: that is reported as a finding). */
  synchronized boolean restartIfDead() throws IOException {
    if (isAlive()) {
      return false;
    }
    start();
    return true;
  }

  /** Waits until /observe/health answers 200, or the timeout passes. */
  boolean awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (healthStatus() == 200) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }

  /** The HTTP status of /observe/health, or -1 when nothing answers. */
  int healthStatus() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
              .timeout(Duration.ofSeconds(2))
              .build();
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Every start's log, in order. */
  List<Path> logs() {
    List<Path> logs = new ArrayList<>();
    for (int i = 1; i <= starts; i++) {
      logs.add(dir.resolve("app-" + i + ".log"));
    }
    return logs;
  }

  Path currentLog() {
    return log;
  }

  int starts() {
    return starts;
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
