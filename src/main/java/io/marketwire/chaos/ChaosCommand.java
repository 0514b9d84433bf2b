package io.marketwire.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.rabbitmq.stream.Environment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.marketwire.app.MarketwireConfiguration;
import io.marketwire.cli.ConfiguredCommand;
import io.marketwire.cli.ContributedCommand;
import io.marketwire.component.stream.RabbitMqStreamEnvironments;
import io.marketwire.config.BrokerSettings;
import io.marketwire.config.LayeredProperties;
import io.marketwire.orders.OrdersSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./marketwire chaos}: the app with its market-data, orders, quotes and data-plane flows in a
 * JVM of its own, under load, while faults hit it on a seeded schedule (RabbitMQ and Redis
 * restarts, SIGKILL and restart of the app, the upstream WebSocket dropped, malformed input on
 * every entry point). At the end every message the run produced is accounted for, where it ended:
 * delivered exactly once (market-data stream, VWAP day book), at least once with duplicates
 * counted (orders, quotes), at most once with what expired while a fault lasted counted (data
 * plane), dead-lettered with a reason. Prints the table, writes {@code report.json} in the run's
 * folder and exits 1 on any loss, or on a duplicate where the guarantee is exactly or at most once.
 */
@Command(
    name = "chaos",
    mixinStandardHelpOptions = true,
    description = "Run the system under load and faults, then account for every message (exit 1 on loss).")
public final class ChaosCommand extends ConfiguredCommand implements ContributedCommand {

  @Option(names = "--minutes", description = "length of the load phase, faults included (default ${DEFAULT-VALUE})")
  double minutes = 5;

  @Option(names = "--seed", description = "seed of the fault schedule and the generated load (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--faults", split = ",", description = "faults to inject: rabbitmq, redis, kill, malformed, upstream (default: all)")
  List<String> faults = List.of("rabbitmq", "redis", "kill", "malformed", "upstream");

  @Option(names = "--fault-interval", description = "seconds between faults (default: an eighth of the run, at least 15)")
  Long faultIntervalSeconds;

  @Option(names = "--drain-timeout", description = "seconds to wait, after the load, for every message to settle (default ${DEFAULT-VALUE})")
  long drainTimeoutSeconds = 180;

  @Option(names = "--port", description = "HTTP port of the app under chaos (default ${DEFAULT-VALUE})")
  int port = 18970;

  @Option(names = "--sample-every", description = "seconds between samples of heap, RSS, lag and p99 (default ${DEFAULT-VALUE})")
  long sampleEverySeconds = 10;

  @Option(names = "--keep", description = "keep the run's streams, queues and keys for inspection")
  boolean keep;

  /** What the run found; also written as report.json. */
  public record Report(
      String runId,
      long seed,
      double minutes,
      List<Map<String, Object>> faults,
      int appStarts,
      boolean settled,
      List<LedgerRow> rows,
      boolean ok,
      SoakSummary soak,
      List<SoakSampler.Sample> samples) {}

  private Report report;

  /** The last run's report (for tests that run the command in-process). */
  public Report report() {
    return report;
  }

  @Override
  public Integer call() throws Exception {
    String active = profile(); // the app under chaos runs with it too
    LayeredProperties config = config();
    BrokerSettings brokers = BrokerSettings.from(config);
    String id = UUID.randomUUID().toString().substring(0, 6);
    Path dir = Path.of("target", "chaos", id);
    Files.createDirectories(dir);
    ChaosRun run =
        new ChaosRun(id, dir, minutes, seed, brokers, Path.of(config.require("marketwire.replay.directory")));
    List<Fault> kinds = faults.stream().map(Fault::parse).distinct().toList();
    Duration load = Duration.ofMillis(run.loadMillis());
    Duration interval =
        Duration.ofSeconds(faultIntervalSeconds != null ? faultIntervalSeconds : Math.max(15, load.toSeconds() / 8));
    FaultSchedule schedule = FaultSchedule.plan(load, interval, kinds, seed);

    // outside Camel: set up as the app's #redisClient, so TLS and reconnects behave the same
    RedisClient redisClient = MarketwireConfiguration.newRedisClient(brokers);
    try (Environment streams = RabbitMqStreamEnvironments.create(brokers);
        StatefulRedisConnection<String, String> redis = redisClient.connect()) {
      Map<String, String> merged = new LinkedHashMap<>();
      MarketDataLedger marketData = new MarketDataLedger(run, streams, redis.sync());
      OrdersSettings ordersSettings =
          OrdersSettings.from(key -> key.equals("marketwire.orders.namespace") ? OrdersLedger.namespace(run) : config.require(key));
      OrdersLedger orders = new OrdersLedger(run, ordersSettings);
      QuotesLedger quotes = new QuotesLedger(run, redis.sync());
      FaultWindows windows = new FaultWindows();
      DataPlaneLedger dataPlane =
          new DataPlaneLedger(
              run, redisClient, windows, config.requirePresent("marketwire.upstream.api-key"),
              Integer.parseInt(config.require("marketwire.dataplane.partitions")));
      List<Ledger> ledgers = List.of(marketData, orders, quotes, dataPlane);
      List<String> routes = new ArrayList<>();
      for (Ledger l : ledgers) {
        routes.addAll(l.routes());
        merged.putAll(l.appProperties());
      }
      merged.put("camel.main.routes-include-pattern", String.join(",", routes));
      merged.put("camel.server.port", Integer.toString(port));
      merged.put("camel.management.port", Integer.toString(port));
      merged.put("marketwire.routes.reload-enabled", "false");
      merged.put("marketwire.upstream.server.enabled", "false");

      say("run %s: %.1f min of load, seed %d, app logs and report in %s", id, minutes, seed, dir);
      say("load: %s; %s; %s; %s", marketData.describeLoad(), orders.describeLoad(), quotes.describeLoad(), dataPlane.describeLoad());
      say("faults: %s", schedule.faults().stream().map(f -> f.fault().label() + "@" + f.at().toSeconds() + "s").toList());

      List<Map<String, Object>> done = new ArrayList<>();
      boolean settled = false;
      try (AppProcess app = new AppProcess(dir, active, merged, port)) {
        app.start();
        if (!app.awaitHealthy(Duration.ofSeconds(120))) {
          say("the app did not become healthy within 120 s; see %s", app.currentLog());
        }
        for (Ledger l : ledgers) {
          l.start();
        }
        long started = System.nanoTime();
        // the command holds the app's signing key (config/), so it signs a short-lived token of the
        // first configured user for the metrics scrape (the app accepts tokens of its users only)
        io.marketwire.web.TokenService tokens =
            new io.marketwire.web.TokenService(config.require("marketwire.auth.secret"), Duration.ofMinutes(1));
        String user = config.require("marketwire.auth.users").split(",")[0].split(":")[0].trim();
        SoakSampler sampler =
            new SoakSampler(app, orders, started, () -> tokens.issue(user, io.marketwire.web.Role.VIEWER));
        sampler.start(Duration.ofSeconds(sampleEverySeconds));
        for (FaultSchedule.Planned planned : schedule.faults()) {
          sleepUntil(started, planned.at());
          Instant at = Instant.now();
          long from = System.nanoTime();
          inject(planned.fault(), app, ledgers, dataPlane);
          windows.record(planned.fault(), from, System.nanoTime());
          Map<String, Object> record = new LinkedHashMap<>();
          record.put("fault", planned.fault().label());
          record.put("at_s", planned.at().toSeconds());
          record.put("took_ms", Duration.between(at, Instant.now()).toMillis());
          done.add(record);
          say("%4ds  %-9s done in %d ms", planned.at().toSeconds(), planned.fault().label(), record.get("took_ms"));
        }
        sleepUntil(started, load);
        say("load phase over; waiting up to %d s for every message to settle", drainTimeoutSeconds);
        long deadline = System.nanoTime() + Duration.ofSeconds(drainTimeoutSeconds).toNanos();
        while (System.nanoTime() < deadline) {
          if (app.restartIfDead()) {
            say("the app had exited on its own: started again (see %s)", app.logs());
          }
          if (allSettled(ledgers)) {
            settled = true;
            break;
          }
          Thread.sleep(2000);
        }
        List<LedgerRow> rows = new ArrayList<>();
        for (Ledger l : ledgers) {
          rows.addAll(l.account());
        }
        sampler.close();
        boolean ok = settled && rows.stream().allMatch(LedgerRow::ok);
        SoakSummary soak = SoakSummary.of(sampler.samples(), done);
        report = new Report(id, seed, minutes, done, app.starts(), settled, rows, ok, soak, sampler.samples());
        sampler.writeCsv(dir.resolve("samples.csv"));
        Files.writeString(dir.resolve("charts.md"), SoakSummary.charts(sampler.samples()));
        print(rows, settled, ok);
        printSoak(soak);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("report.json").toFile(), report);
      } finally {
        for (Ledger l : ledgers) {
          if (!keep) {
            l.close();
          }
        }
        if (!keep) {
          orders.deleteTopology();
        }
      }
      return report != null && report.ok() ? 0 : 1;
    } finally {
      redisClient.shutdown();
    }
  }

  private static boolean allSettled(List<Ledger> ledgers) {
    for (Ledger l : ledgers) {
      try {
        if (!l.settled()) {
          return false;
        }
      } catch (Exception e) {
        return false; // a broker still coming back: ask again
      }
    }
    return true;
  }

  /** Injects one fault and returns once the system is back from it (its window closes then). */
  private static void inject(Fault fault, AppProcess app, List<Ledger> ledgers, DataPlaneLedger dataPlane) throws Exception {
    switch (fault) {
      case RABBITMQ -> services("restart", "rabbitmq");
      case REDIS -> services("restart", "redis");
      case KILL -> {
        app.kill();
        Thread.sleep(2000);
        app.start();
        app.awaitHealthy(Duration.ofSeconds(120));
      }
      case UPSTREAM -> dataPlane.dropUpstream();
      case NODE -> throw new IllegalArgumentException("the chaos command runs on one node: no cluster node to kill");
      case MALFORMED -> {
        for (Ledger l : ledgers) {
          l.injectMalformed();
        }
      }
    }
  }

  /** The project's own script, as an operator would run it. */
  private static void services(String action, String broker) throws Exception {
    Process p = new ProcessBuilder("./marketwire", "services", action, broker).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("./marketwire services " + action + " " + broker + " failed:\n" + output);
    }
  }

  private static void sleepUntil(long startedNanos, Duration at) throws InterruptedException {
    long wait = startedNanos + at.toNanos() - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  private static void print(List<LedgerRow> rows, boolean settled, boolean ok) {
    String format = "%-22s %-14s %9s %9s %6s %8s %7s %6s  %s%n";
    System.out.println();
    System.out.printf(format, "flow", "guarantee", "produced", "delivered", "dups", "dead-ltr", "expired", "lost", "");
    for (LedgerRow r : rows) {
      System.out.printf(
          format, r.flow(), r.guarantee(), r.produced(), r.deliveredOnce(), r.duplicates(), r.deadLettered(), r.expired(), r.lost(),
          (r.ok() ? "" : "FAILED: ") + r.note());
    }
    System.out.println();
    System.out.println(
        ok ? "chaos: every message accounted for"
            : settled ? "chaos: FAILED (loss, or duplicates where exactly once)" : "chaos: FAILED (not everything settled in time)");
  }

  private static void printSoak(SoakSummary soak) {
    say("order p99 before the first fault: %d ms; heap after GC (median) first third %.0f MB, last third %.0f MB",
        soak.baselineP99Millis(), soak.heapFirstThirdMb(), soak.heapLastThirdMb());
    for (SoakSummary.Recovery r : soak.recoveries()) {
      say("  %-9s at %4d s: p99 back at the baseline %s", r.fault(), r.atSeconds(),
          r.backAfterSeconds() < 0 ? "not within the run" : "after " + r.backAfterSeconds() + " s");
    }
  }

  private static void say(String format, Object... args) {
    System.out.printf("[chaos] " + format + "%n", args);
  }

}
