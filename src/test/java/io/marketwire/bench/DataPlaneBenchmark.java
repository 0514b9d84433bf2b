package io.marketwire.bench;

import io.marketwire.dataplane.DataplaneFixture;
import io.marketwire.dataplane.DataplaneFixture.Client;
import io.marketwire.dataplane.listener.ListenerCounters;
import io.marketwire.dataplane.listener.MassiveConsumer;
import io.marketwire.dataplane.upstream.UpstreamServer;
import io.marketwire.testsupport.RunningApp;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The data plane's two numbers, each in its own app (test profile, real brokers, unique names):
 *
 * <ol>
 *   <li>events in: the local upstream server replays at maximum speed into the whole pipeline
 *       (MDL, MDP, WDS in one JVM); the listener's received count over a measured window after a
 *       warm-up, with published and dropped.
 *   <li>latency: the server replays at a paced speed; a WebSocket client subscribed to every
 *       symbol's quotes through the WDS; for each quote update, the time from the server writing
 *       that quote (matched by symbol and sequence) to the client receiving it, in HdrHistogram.
 * </ol>
 */
@Command(name = "data-plane-benchmark", mixinStandardHelpOptions = true)
public final class DataPlaneBenchmark implements Callable<Integer> {

  @Option(names = "--warmup-seconds", defaultValue = "5") int warmupSeconds;
  @Option(names = "--seconds", defaultValue = "20", description = "Measured window of the rate phase.") int seconds;
  @Option(names = "--latency-seconds", defaultValue = "20") int latencySeconds;
  @Option(names = "--latency-speed", defaultValue = "600", description = "Replay speed of the latency phase.") String latencySpeed;
  @Option(names = "--from", defaultValue = "2024-01-02") String from;
  @Option(names = "--rate-routes", defaultValue = "mdl", split = ",",
      description = "Route files of the rate phase; default the listener alone, as ./marketwire mdl runs it.")
  String[] rateRoutes;
  @Option(names = "--rate-camel-metrics", description = "Keep Camel's per-exchange metrics and JMX in the rate phase (./marketwire run does; ./marketwire mdl does not).")
  boolean rateCamelMetrics;
  @Option(names = "--skip-latency") boolean skipLatency;
  @Option(names = "--set", description = "Extra property override KEY=VALUE (repeatable), e.g. camel.metrics.enable-route-policy=false.")
  Map<String, String> extra = new java.util.LinkedHashMap<>();
  @Option(names = "--to", defaultValue = "2024-12-31") String to;

  private static final Pattern SYM_Q = Pattern.compile("\"sym\":\"([^\"]+)\".*?\"q\":(\\d+)");

  public static void main(String[] args) {
    System.exit(new CommandLine(new DataPlaneBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    rate();
    if (!skipLatency) {
      latency();
    }
    return 0;
  }

  private Map<String, String> overrides(DataplaneFixture fixture, String speed) {
    Map<String, String> o = fixture.overrides();
    o.put("marketwire.upstream.server.speed", speed);
    o.put("marketwire.upstream.server.from", from);
    o.put("marketwire.upstream.server.to", to);
    o.put("marketwire.upstream.server.loop", "true");
    o.putAll(extra);
    return o;
  }

  private Map<String, String> rateOverrides(DataplaneFixture fixture) {
    Map<String, String> o = overrides(fixture, "max");
    if (!rateCamelMetrics) {
      o.putAll(io.marketwire.dataplane.DataplaneCommands.Mdl.listenerOverrides());
    }
    o.putAll(extra);
    return o;
  }

  private void rate() throws Exception {
    try (DataplaneFixture fixture = new DataplaneFixture();
        RunningApp app = RunningApp.start(routes(rateRoutes), rateOverrides(fixture))) {
      ListenerCounters c = MassiveConsumer.find(app.context()).orElseThrow().counters();
      UpstreamServer server = app.context().getRegistry().lookupByNameAndType("upstreamServer", UpstreamServer.class);
      sleepSeconds(warmupSeconds);
      long r0 = c.received(), p0 = c.published(), d0 = c.dropped(), s0 = server.produced(), t0 = System.nanoTime();
      sleepSeconds(seconds);
      long r1 = c.received(), p1 = c.published(), d1 = c.dropped(), s1 = server.produced(), t1 = System.nanoTime();
      double secs = (t1 - t0) / 1e9;
      System.out.printf(
          "rate (routes %s, camel metrics %s): %d s measured after %d s warm-up: listener received %.0f events/s, published %.0f/s, dropped %.0f/s (server produced %.0f/s); totals received=%d published=%d dropped=%d%n",
          String.join(",", rateRoutes), rateCamelMetrics ? "on" : "off", seconds, warmupSeconds, (r1 - r0) / secs, (p1 - p0) / secs, (d1 - d0) / secs, (s1 - s0) / secs, r1, p1, d1);
    }
  }

  private void latency() throws Exception {
    Map<String, Long> sentAt = new ConcurrentHashMap<>();
    Histogram micros = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
    try (DataplaneFixture fixture = new DataplaneFixture();
        RunningApp app =
            RunningApp.start(routes("mdl", "mdp", "wds", "scp"), overrides(fixture, latencySpeed))) {
      UpstreamServer server = app.context().getRegistry().lookupByNameAndType("upstreamServer", UpstreamServer.class);
      server.setObserver((symbol, sequence, nanoTime) -> sentAt.put(symbol + ":" + sequence, nanoTime));
      int port = Integer.parseInt(app.context().resolvePropertyPlaceholders("{{camel.server.port}}"));
      String token = fixture.login(port, "viewer", "viewer-dev");
      long[] unmatched = new long[1];
      try (Client client =
          Client.connect(fixture.http, "ws://127.0.0.1:" + port + "/ws/data?token=" + token)) {
        client.send("{\"action\":\"subscribe\",\"channels\":[\"quotes:AZO\",\"quotes:BKNG\",\"quotes:CPAY\",\"quotes:FDS\",\"quotes:GWW\",\"quotes:LII\"]}");
        sleepSeconds(warmupSeconds);
        int start = client.messages.size();
        sleepSeconds(latencySeconds);
        int end = client.messages.size();
        for (int i = start; i < end; i++) {
          String m = client.messages.get(i);
          if (!m.startsWith("{\"type\":\"update\"")) {
            continue;
          }
          Matcher match = SYM_Q.matcher(m);
          Long sent = match.find() ? sentAt.get(match.group(1) + ":" + match.group(2)) : null;
          if (sent == null) {
            unmatched[0]++;
            continue;
          }
          micros.recordValue(Math.max(0, (client.receivedNanos.get(i) - sent) / 1_000));
        }
      }
      System.out.printf(
          "latency: upstream send -> WDS client receive, quotes of 6 symbols at replay speed %s for %d s: n=%d (%.0f/s) p50=%.2f ms p90=%.2f ms p99=%.2f ms max=%.2f ms (unmatched %d)%n",
          latencySpeed, latencySeconds, micros.getTotalCount(), micros.getTotalCount() / (double) latencySeconds,
          micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(90) / 1000.0,
          micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0, unmatched[0]);
    }
  }

  private static String routes(String... files) {
    return String.join(",", java.util.Arrays.stream(files).map(f -> "file:routes/dataplane/" + f + ".camel.yaml").toList());
  }

  private static void sleepSeconds(int seconds) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long left;
    while ((left = until - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }
}
