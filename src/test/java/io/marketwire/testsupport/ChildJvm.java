package io.marketwire.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A main class of this project run in a JVM of its own, for tests that must kill the process the
 * way a crash does (SIGKILL: no shutdown hook, no graceful stop, sockets closed by the kernel),
 * which a Camel context inside the test JVM cannot show. The child runs on the test classpath, in
 * the same working directory (so it reads the same {@code config/} and {@code routes/}), and writes
 * its output to a file, kept for diagnosis.
 */
public final class ChildJvm implements AutoCloseable {

  /** The exit code a JVM reports for a child ended by SIGKILL: 128 + signal 9. */
  public static final int KILLED = 137;

  private final Process process;
  private final Path log;

  private ChildJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code mainClass} with {@code args}; each of {@code systemProperties} is passed as
   * {@code -Dkey=value}. Output and errors go to {@code log}, replaced if it exists.
   */
  public static ChildJvm start(Path log, Map<String, String> systemProperties, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // a small heap, one GC thread and the quick compiler only: the brokers, the test JVM and other
    // builds share two cores, and a child that lives for seconds gains little from C2
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
    // in a surefire/failsafe fork java.class.path is the test classpath (test classes, classes,
    // dependencies), also when the fork itself was started from a manifest-only jar
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(args));
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process =
          new ProcessBuilder(command)
              .directory(Path.of("").toAbsolutePath().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      return new ChildJvm(process, log);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + mainClass + ": " + e.getMessage(), e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Fails with the end of the child's output when it has exited on its own. */
  public void assertAlive() {
    if (!process.isAlive()) {
      throw new AssertionError("child JVM " + pid() + " exited with " + process.exitValue() + "; its output ends:\n" + logTail());
    }
  }

  /** Sends SIGKILL (what {@link Process#destroyForcibly} does on Linux) and returns the exit code. */
  public int kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("child JVM " + pid() + " still runs 30 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return process.exitValue();
  }

  public Path log() {
    return log;
  }

  /** The last lines of the child's output. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Kills the child if it still runs, so no test leaves a process behind. */
  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
