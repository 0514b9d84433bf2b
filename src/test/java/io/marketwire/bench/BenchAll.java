package io.marketwire.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Every row of issue 14's target table in one run: each benchmark in its own JVM (so that one
 * benchmark's JIT profile, threads and Camel contexts do not weigh on the next), one after the
 * other, its figure taken from the line the benchmark prints, then one table on stdout and in
 * {@code target/bench-all.md} with the command of each row and the load average before it.
 *
 * <p>Run: {@code ./marketwire bench all} (about 15 minutes on 2 cores); {@code --quick} runs every
 * row with tiny sizes to check the whole chain in about three minutes (its figures mean nothing).
 */
@Command(name = "bench-all", mixinStandardHelpOptions = true, description = "Every row of issue 14's target table in one run")
public final class BenchAll implements Callable<Integer> {

  @Option(names = "--quick", description = "tiny sizes: checks that every row runs, measures nothing")
  boolean quick;

  @Option(names = "--only", split = ",", description = "only these rows (ids: stream, stream-batch, redis, year, sustained, p99, dataplane, orders)")
  Set<String> only;

  @Option(names = "--out", defaultValue = "target/bench-all.md", description = "where the table is written")
  Path out;

  @Option(names = "--row-timeout-minutes", defaultValue = "10", description = "a row still running after this is stopped and reported as such")
  int rowTimeoutMinutes;

  /**
   * A row: the benchmark and its arguments, and its figure: the first match of {@code regex} in
   * the benchmark's output, written as {@code figure} ($1, $2... its groups).
   */
  private record Row(String id, String path, String target, String benchmark, List<String> args, String regex, String figure) {
    String read(String output) {
      Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(output);
      return m.find() ? m.group().replaceFirst("(?s)" + regex, figure) : null;
    }
  }

  private record Outcome(Row row, String figure, String load, Duration took) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchAll()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    Instant start = Instant.now();
    for (Row row : rows()) {
      if (only != null && !only.contains(row.id())) {
        continue;
      }
      String load = loadAverage();
      System.out.printf("%n=== %s: %s %s (load average %s)%n", row.id(), row.benchmark(), String.join(" ", row.args()), load);
      Instant rowStart = Instant.now();
      String output = run(row);
      String figure = output == null ? null : row.read(output);
      outcomes.add(new Outcome(row, figure == null ? "FAILED (see the output above)" : figure, load, Duration.between(rowStart, Instant.now())));
    }
    String table = table(outcomes, Duration.between(start, Instant.now()));
    System.out.println();
    System.out.println(table);
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, table, StandardCharsets.UTF_8);
    System.out.println("written to " + out);
    return outcomes.stream().allMatch(o -> !o.figure().startsWith("FAILED")) ? 0 : 1;
  }

  private List<Row> rows() {
    // full sizes: the smallest where the ratio is as stable as a longer run's on this machine
    String messages = quick ? "20000" : "300000";
    String warmup = quick ? "5000" : "100000";
    String rounds = quick ? "1" : "2";
    String streamRatios = "ratio Camel/raw producer throughput: ([\\d.]+)\\s+ratio Camel/raw consumer throughput: ([\\d.]+)";
    List<Row> rows = new ArrayList<>();
    rows.add(
        new Row(
            "stream", "rabbitmq-stream per message, producer / consumer vs raw client", ">= 0.8 / 0.8",
            "StreamThroughputBenchmark", List.of("--messages", messages, "--warmup", warmup, "--rounds", rounds),
            streamRatios, "$1 / $2"));
    rows.add(
        new Row(
            "stream-batch", "rabbitmq-stream batch mode (500 per exchange), producer / consumer vs raw client", ">= 0.95 / 0.95",
            "StreamThroughputBenchmark", List.of("--messages", messages, "--warmup", warmup, "--rounds", rounds, "--batch", "500"),
            streamRatios, "$1 / $2"));
    rows.add(
        new Row(
            "redis", "redis-stream batch mode XADD / group drain vs plain Lettuce", ">= 0.9 / 0.9",
            "RedisStreamBenchmark",
            quick
                ? List.of("--messages", "20000", "--warmup", "5000", "--rounds", "1", "--latency-seconds", "2")
                : List.of("--rounds", "3", "--latency-seconds", "5"),
            "per message XADD ([\\d.]+), drain ([\\d.]+); batch mode XADD ([\\d.]+),\\s+drain ([\\d.]+)",
            "$3 / $4 (per message $1 / $2)"));
    rows.add(
        new Row(
            "year", "full year of the shared bars, producer -> stream -> VWAP, after start", "< 10 s",
            "PipelineBenchmark", quick ? List.of("--from", "2024-03-01", "--to", "2024-03-01") : List.of(),
            "([\\d,]+) ticks end to end in [\\d.]+ s with start-up, ([\\d.]+) s after start = ([\\d,]+) ticks/s",
            "$2 s ($1 ticks, $3 ticks/s)"));
    rows.add(
        new Row(
            "sustained", "sustained tick -> VWAP rate with p99 < 50 ms", ">= 100k ticks/s",
            "PipelineBenchmark",
            quick
                ? List.of("--sustained", "--simulator-rate", "2000", "--max-rate", "4000", "--refine", "0", "--warmup", "2", "--seconds", "3")
                : List.of("--sustained", "--simulator-rate", "10000", "--refine", "2", "--warmup", "5", "--seconds", "10"),
            "SUSTAINED ([^\\n]*)", "$1"));
    rows.add(
        new Row(
            "p99", "tick -> VWAP p99 at 10k ticks/s", "< 10 ms",
            "PipelineBenchmark",
            quick
                ? List.of("--simulator-rate", "2000", "--warmup", "2", "--seconds", "3")
                : List.of("--simulator-rate", "10000", "--warmup", "10", "--seconds", "20"),
            "([\\d,]+) ticks/s into VWAP batches; tick-to-VWAP-result latency p50 ([\\d.]+) ms, p99 ([\\d.]+) ms",
            "p99 $3 ms (p50 $2 ms, $1 ticks/s into VWAP)"));
    rows.add(
        new Row(
            "dataplane", "data plane at the upstream's full speed: dropped, MDQ TTL expiries; publish rate vs PerfTest", "0 dropped; >= 0.8",
            "DataPlaneBenchmark",
            quick
                ? List.of("--skip-latency", "--warmup-seconds", "1", "--seconds", "3", "--perf-test-seconds", "3")
                : List.of("--skip-latency"),
            "listener received ([\\d.]+) events/s, published ([\\d.]+)/s .*?dropped under the TTL ([\\d.]+)/s"
                + ".*?expired under the TTL (-?\\d+).*?ratio data-plane publish rate / PerfTest publish rate: ([\\d.]+)",
            "received $1/s, published $2/s, dropped $3/s, MDQ expired $4; ratio $5"));
    rows.add(
        new Row(
            "orders", "orders: Camel routes vs plain amqp-client (confirm per order, prefetch 1)", ">= 0.9",
            "OrdersBenchmark", quick ? List.of("--orders", "200", "--warmup", "50") : List.of(),
            "Camel routes \\(camel-spring-rabbitmq\\):\\s+([\\d.]+) orders/s.*?plain amqp-client:\\s+([\\d.]+) orders/s"
                + ".*?ratio Camel / plain:\\s+([\\d.]+)",
            "$3 ($1 vs $2 orders/s)"));
    return rows;
  }

  /** Runs the row's benchmark in a JVM of its own, echoing its output; null if it failed. */
  private String run(Row row) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    String javaOptions = System.getenv("MARKETWIRE_JAVA_OPTS");
    if (javaOptions != null && !javaOptions.isBlank()) {
      command.addAll(List.of(javaOptions.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.marketwire.bench." + row.benchmark()));
    command.addAll(row.args());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuilder output = new StringBuilder();
    Thread echo =
        new Thread(
            () -> {
              try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  System.out.println("  " + line);
                  output.append(line).append('\n');
                }
              } catch (IOException e) {
                // the process went away: what was read is what there is
              }
            },
            "bench-all-echo");
    echo.start();
    if (!process.waitFor(rowTimeoutMinutes, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      echo.join(5_000);
      System.out.printf("%s: still running after %d minutes, stopped%n", row.id(), rowTimeoutMinutes);
      return null;
    }
    echo.join(5_000);
    return process.exitValue() == 0 ? output.toString() : null;
  }

  private String table(List<Outcome> outcomes, Duration total) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "# bench all%s, %s, %d cores, total %d min %d s%n%n",
        quick ? " --quick (tiny sizes: the figures mean nothing)" : "", Instant.now(), Runtime.getRuntime().availableProcessors(),
        total.toMinutes(), total.toSecondsPart()));
    t.append("| path | figure | target | load average before | took | command |\n");
    t.append("|---|---|---|---|---:|---|\n");
    for (Outcome o : outcomes) {
      Row r = o.row();
      t.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d s | `./marketwire bench %s %s` |%n",
          r.path(), o.figure(), r.target(), o.load(), o.took().toSeconds(), r.benchmark(), String.join(" ", r.args())));
    }
    return t.toString();
  }

  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "?";
    }
  }
}
