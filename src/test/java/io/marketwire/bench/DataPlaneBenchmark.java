package io.marketwire.bench;

import io.marketwire.app.Flows;
import io.marketwire.dataplane.DataplaneFixture;
import io.marketwire.dataplane.DataplaneFixture.Client;
import io.marketwire.dataplane.listener.ListenerCounters;
import io.marketwire.dataplane.listener.MassiveConsumer;
import io.marketwire.dataplane.listener.MdqPublisher;
import io.marketwire.testsupport.BrokerAdmin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *   <li>events in: the local upstream server replays at maximum speed into the listener and the
 *       processors (MDL, MDP in one JVM; the server waits for the listener's socket, so it runs at
 *       the pipeline's pace); over a measured window after a warm-up: events received, published
 *       (and confirmed) to the MDQ, dropped under the TTL, in doubt; the time from the listener's
 *       receipt to the MDC's publish of each quote; then, with the listener stopped, what each MDQ
 *       queue received, delivered and let expire (management API). Then PerfTest ({@link
 *       PerfTestBaseline}) publishes messages of the same mean size with the same confirm window,
 *       and the ratio of the two publish rates is printed.
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
  @Option(names = "--rate-routes", defaultValue = "mdl,mdp", split = ",",
      description = "Route files of the rate phase; default the listener and the processors (without the processors no queue is bound and the broker discards every event).")
  String[] rateRoutes;
  @Option(names = "--rate-camel-metrics", description = "Keep Camel's per-exchange metrics and JMX in the rate phase (./marketwire run does; ./marketwire mdl does not).")
  boolean rateCamelMetrics;
  @Option(names = "--skip-latency") boolean skipLatency;
  @Option(names = "--jfr", description = "Record the measured window of the rate phase with JFR (profile settings) into this file.")
  java.nio.file.Path jfr;
  @Option(names = "--perf-test-seconds", defaultValue = "20", description = "PerfTest's run after the rate phase, with the same message size; 0 skips it.")
  int perfTestSeconds;
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
      o.putAll(Flows.inWorkingDirectory().settings(java.util.List.of("dataplane/mdl")));
    }
    o.putAll(extra);
    return o;
  }

  private void rate() throws Exception {
    long dataPlanePublished;
    int meanBytes;
    try (DataplaneFixture fixture = new DataplaneFixture();
        RunningApp app = RunningApp.start(routes(rateRoutes), rateOverrides(fixture))) {
      if (!java.util.Arrays.asList(rateRoutes).contains("mdp")) {
        declareMdq(fixture); // without the MDP's queues the broker would discard every event unrouted
      }
      ListenerCounters c = MassiveConsumer.find(app.context()).orElseThrow().counters();
      MdqPublisher mdq = MdqPublisher.find(app.context()).orElseThrow();
      UpstreamServer server = app.context().getRegistry().lookupByNameAndType("upstreamServer", UpstreamServer.class);
      Histogram lagMillis = new Histogram(TimeUnit.MINUTES.toMillis(10), 3);
      RedisClient redis = fixture.redis();
      StatefulRedisPubSubConnection<String, String> pubsub = redis.connectPubSub();
      AtomicBoolean measuring = new AtomicBoolean();
      pubsub.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String pattern, String channel, String message) {
          Matcher rt = RECEIVED_AT.matcher(message);
          if (measuring.get() && rt.find()) {
            lagMillis.recordValue(Math.max(0, System.currentTimeMillis() - Long.parseLong(rt.group(1))));
          }
        }
      });
      pubsub.sync().psubscribe(fixture.cachePrefix + "quotes:*");
      try {
        sleepSeconds(warmupSeconds);
        System.out.printf("load average before the measured window: %s%n", loadAverage());
        long r0 = c.received(), p0 = c.published(), d0 = c.dropped(), a0 = mdq.acked(), i0 = mdq.inDoubt(), n0 = mdq.nacked();
        long b0 = mdq.bodyBytes(), pa0 = c.pauses(), s0 = server.produced(), t0 = System.nanoTime();
        measuring.set(true);
        jdk.jfr.Recording recording = jfr == null ? null : new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        if (recording != null) {
          recording.start();
        }
        sleepSeconds(seconds);
        if (recording != null) {
          recording.stop();
          recording.dump(jfr);
          recording.close();
        }
        measuring.set(false);
        long r1 = c.received(), p1 = c.published(), d1 = c.dropped(), a1 = mdq.acked(), i1 = mdq.inDoubt(), n1 = mdq.nacked();
        long b1 = mdq.bodyBytes(), pa1 = c.pauses(), s1 = server.produced(), t1 = System.nanoTime();
        double secs = (t1 - t0) / 1e9;
        dataPlanePublished = Math.round((p1 - p0) / secs);
        meanBytes = (int) Math.max(1, Math.round((b1 - b0) / (double) Math.max(1, p1 - p0)));
        System.out.printf(
            "rate (routes %s, camel metrics %s): %d s measured after %d s warm-up: listener received %.0f events/s, published %.0f/s (confirmed %.0f/s), dropped under the TTL %.0f/s, in doubt %d, nacked %d, socket pauses %d (server produced %.0f/s); mean event %d bytes; totals received=%d published=%d dropped=%d%n",
            String.join(",", rateRoutes), rateCamelMetrics ? "on" : "off", seconds, warmupSeconds,
            (r1 - r0) / secs, (p1 - p0) / secs, (a1 - a0) / secs, (d1 - d0) / secs, i1 - i0, n1 - n0, pa1 - pa0,
            (s1 - s0) / secs, meanBytes, r1, p1, d1);
        System.out.printf(
            "lag listener receipt -> MDC publish (quotes:*, ms, whole window): n=%d p50=%d p90=%d p99=%d max=%d%n",
            lagMillis.getTotalCount(), lagMillis.getValueAtPercentile(50), lagMillis.getValueAtPercentile(90),
            lagMillis.getValueAtPercentile(99), lagMillis.getMaxValue());
        app.context().getRouteController().stopRoute("mdl-listener");
        printMdqExpiries(fixture);
      } finally {
        pubsub.close();
        redis.shutdown();
      }
    }
    if (perfTestSeconds > 0) {
      System.out.printf("load average before PerfTest: %s%n", loadAverage());
      PerfTestBaseline.Result perf =
          PerfTestBaseline.run("dpspeed-bench-perftest-" + ProcessHandle.current().pid(), meanBytes, maxUnconfirmed(), TTL_MILLIS, perfTestSeconds);
      System.out.printf(
          "PerfTest %s, same run: 1 producer (confirm window %d), 1 auto-ack consumer, %d-byte non-persistent messages, topic exchange -> 1 queue with a %d ms TTL, %d s: sent %d msg/s, received %d msg/s; %s%n",
          PerfTestBaseline.VERSION, maxUnconfirmed(), meanBytes, TTL_MILLIS, perfTestSeconds, perf.sendingPerSecond(),
          perf.receivingPerSecond(), perf.confirmLatency());
      System.out.printf("ratio data-plane publish rate / PerfTest publish rate: %.2f%n", dataPlanePublished / (double) perf.sendingPerSecond());
    }
  }

  private static final long TTL_MILLIS = 5_000;
  private static final Pattern RECEIVED_AT = Pattern.compile("\"rt\":(\\d+)");

  private int maxUnconfirmed() {
    return Integer.parseInt(extra.getOrDefault("marketwire.dataplane.publisher.max-unconfirmed", "1000"));
  }

  /**
   * After the listener stopped, waits out the TTL and the management API's statistics interval,
   * then prints per MDQ queue the messages routed to it, delivered to the MDP, expired under the
   * TTL (routed - delivered - still there), for the whole run.
   */
  private static void printMdqExpiries(DataplaneFixture fixture) throws Exception {
    sleepSeconds((int) (TTL_MILLIS / 1000) + 7);
    try (BrokerAdmin admin = new BrokerAdmin()) {
      long routed = 0, delivered = 0, expired = 0;
      StringBuilder perQueue = new StringBuilder();
      for (String queue : DataplaneFixture.QUEUES) {
        Map<String, Object> info = admin.queueInfo(fixture.queuePrefix + queue);
        @SuppressWarnings("unchecked")
        Map<String, Object> stats = (Map<String, Object>) info.getOrDefault("message_stats", Map.of());
        long in = number(stats.get("publish"));
        long out = number(stats.get("deliver_no_ack")) + number(stats.get("deliver"));
        long left = number(info.get("messages"));
        routed += in;
        delivered += out;
        expired += in - out - left;
        perQueue.append(String.format(" %s %d/%d/%d", queue, in, out, in - out - left));
      }
      System.out.printf(
          "MDQ whole run (management API): routed %d, delivered to the MDP %d, expired under the TTL %d (per queue routed/delivered/expired:%s)%n",
          routed, delivered, expired, perQueue);
    }
  }

  /** The MDQ queues as the MDP declares them (durable, the TTL), bound, with no consumer. */
  private static void declareMdq(DataplaneFixture fixture) {
    org.springframework.amqp.rabbit.connection.CachingConnectionFactory factory = fixture.rabbit();
    try {
      org.springframework.amqp.rabbit.core.RabbitAdmin admin = new org.springframework.amqp.rabbit.core.RabbitAdmin(factory);
      org.springframework.amqp.core.TopicExchange exchange = new org.springframework.amqp.core.TopicExchange(fixture.exchange);
      admin.declareExchange(exchange);
      Map<String, String> keys = Map.of("trades", "T.#", "quotes", "Q.#", "aggregates", "A.#", "bars", "AM.#", "scanner", "AM.#");
      keys.forEach((queue, key) -> {
        org.springframework.amqp.core.Queue q =
            org.springframework.amqp.core.QueueBuilder.durable(fixture.queuePrefix + queue).ttl((int) TTL_MILLIS).build();
        admin.declareQueue(q);
        admin.declareBinding(org.springframework.amqp.core.BindingBuilder.bind(q).to(exchange).with(key));
      });
    } finally {
      factory.destroy();
    }
  }

  private static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0;
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
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
    return String.join(",", java.util.Arrays.stream(files).map(f -> "file:routes/dataplane/" + f + "/" + f + ".camel.yaml").toList());
  }

  private static void sleepSeconds(int seconds) {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long left;
    while ((left = until - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }
}
