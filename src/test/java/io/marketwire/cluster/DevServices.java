package io.marketwire.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code dev/services}, the script an operator starts and stops the brokers with, run by the
 * cluster tests so that they drive the nodes the same way. It logs on stderr (passed through to
 * the test's output); its stdout is the answer (JSON for the CLI tools).
 */
final class DevServices {

  record Result(int exit, String output) {}

  private DevServices() {}

  /** Runs {@code dev/services ARGS} with the given profile; fails when it does not end in time. */
  static Result run(String profile, Duration timeout, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of("dev", "services").toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("MARKETWIRE_PROFILE", profile);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    try {
      Process process = builder.start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("dev/services " + String.join(" ", args) + " took more than " + timeout);
      }
      return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot run dev/services: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs it and fails with what it said unless it succeeds; its stdout. */
  static String require(String profile, Duration timeout, String... args) {
    Result result = run(profile, timeout, args);
    if (result.exit() != 0) {
      throw new IllegalStateException("dev/services " + String.join(" ", args) + " failed: " + result.output());
    }
    return result.output();
  }
}
