package io.marketwire.bench;

import io.marketwire.config.BrokerSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RabbitMQ's own AMQP load tool, PerfTest ({@code com.rabbitmq:perf-test}), run in a JVM of its own
 * as the baseline a Marketwire publisher is compared with: one producer with publisher confirms
 * (at most {@code confirm} in flight), one auto-ack consumer, non-persistent messages of a given
 * size through a topic exchange to one queue with the MDQ's TTL. Its classpath is resolved once
 * by Maven from PerfTest's own POM (kept in {@code target/perftest-classpath.txt}), so it does not
 * share the project's dependencies; the broker URI goes through the environment, not the command
 * line.
 */
final class PerfTestBaseline {

  static final String VERSION = "2.22.1";
  private static final Pattern SENDING = Pattern.compile("sending rate avg: (\\d+) msg/s");
  private static final Pattern RECEIVING = Pattern.compile("receiving rate avg: (\\d+) msg/s");

  /** What one PerfTest run measured. */
  record Result(long sendingPerSecond, long receivingPerSecond, String confirmLatency) {}

  private PerfTestBaseline() {}

  /**
   * Runs PerfTest for {@code seconds} against the project's RabbitMQ, on queue and exchange {@code
   * name} (auto-deleted after), and returns its averages.
   */
  static Result run(String name, int messageBytes, int confirm, long ttlMillis, int seconds) throws Exception {
    BrokerSettings broker = BrokerSettings.fromWorkingDirectory();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classpath(),
        "com.rabbitmq.perf.PerfTest",
        "--producers", "1", "--consumers", "1", "--autoack",
        "--size", String.valueOf(messageBytes),
        "--confirm", String.valueOf(confirm),
        "--time", String.valueOf(seconds),
        "--exchange", name, "--type", "topic", "--routing-key", "Q.PERF",
        "--queue", name, "--auto-delete", "true",
        "--queue-args", "x-message-ttl=" + ttlMillis,
        "--id", name));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("URI", uri(broker));
    Process process = builder.start();
    String sending = null;
    String receiving = null;
    String confirmLatency = "";
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        Matcher s = SENDING.matcher(line);
        Matcher r = RECEIVING.matcher(line);
        if (s.find()) {
          sending = s.group(1);
        } else if (r.find()) {
          receiving = r.group(1);
        } else if (line.contains("confirm latency min/median")) {
          confirmLatency = line.substring(line.indexOf("confirm latency"));
        }
      }
    }
    if (!process.waitFor(seconds + 60L, TimeUnit.SECONDS) || process.exitValue() != 0 || sending == null) {
      process.destroyForcibly();
      throw new IllegalStateException("PerfTest failed (exit " + (process.isAlive() ? "none" : process.exitValue()) + ")");
    }
    return new Result(Long.parseLong(sending), receiving == null ? 0 : Long.parseLong(receiving), confirmLatency);
  }

  private static String uri(BrokerSettings broker) {
    return (broker.rabbitTls() ? "amqps://" : "amqp://")
        + URLEncoder.encode(broker.rabbitUsername(), StandardCharsets.UTF_8) + ":"
        + URLEncoder.encode(broker.rabbitPassword(), StandardCharsets.UTF_8) + "@"
        + broker.rabbitHost() + ":" + broker.amqpPort() + "/"
        + URLEncoder.encode(broker.virtualHost(), StandardCharsets.UTF_8);
  }

  /** PerfTest's jar and its runtime dependencies, resolved by Maven once. */
  private static String classpath() throws IOException, InterruptedException {
    Path cached = Path.of("target", "perftest-classpath.txt").toAbsolutePath();
    Path repository = Path.of(System.getProperty("user.home"), ".m2", "repository");
    Path jar = repository.resolve("com/rabbitmq/perf-test/" + VERSION + "/perf-test-" + VERSION + ".jar");
    Path pom = jar.resolveSibling("perf-test-" + VERSION + ".pom");
    if (!Files.exists(cached) || !Files.exists(jar)) {
      maven("dependency:get", "-Dartifact=com.rabbitmq:perf-test:" + VERSION);
      maven("-f", pom.toString(), "dependency:build-classpath", "-Dmdep.includeScope=runtime", "-Dmdep.outputFile=" + cached);
    }
    return jar + java.io.File.pathSeparator + Files.readString(cached).trim();
  }

  private static void maven(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("mvn", "-q", "-B", "-ntp"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException("mvn " + String.join(" ", args) + " failed");
    }
  }
}
