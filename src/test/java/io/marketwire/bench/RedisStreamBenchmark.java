package io.marketwire.bench;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.marketwire.component.redisstream.RedisStreamComponent;
import io.marketwire.component.redisstream.RedisStreamEndpoint;
import io.marketwire.config.BrokerSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The redis-stream component against a plain Lettuce loop, in the same run and on the same Redis:
 * XADD throughput (both pipelined with the same in-flight window), consumer-group drain throughput
 * (XREADGROUP + XACK), each per message and in batch mode (a List body of --batch-size entries to
 * the producer; batching=true on the consumer, compared with a Lettuce loop reading as many per
 * XREADGROUP), and the latency from XADD to the route at a fixed rate. Not a test: run it by hand
 * (see docs/benchmarks.md).
 */
@Command(
    name = "redis-stream-benchmark",
    mixinStandardHelpOptions = true,
    description = "redis-stream component vs plain Lettuce: XADD, consumer group, latency")
public class RedisStreamBenchmark implements Callable<Integer> {

  @Option(
      names = "--messages",
      defaultValue = "200000",
      description = "Entries per throughput phase (default ${DEFAULT-VALUE})")
  int messages;

  @Option(
      names = "--warmup",
      defaultValue = "50000",
      description = "Entries per warm-up phase, not reported (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--inflight",
      defaultValue = "1000",
      description = "Pipelined XADDs in flight (default ${DEFAULT-VALUE})")
  int inflight;

  @Option(
      names = "--count",
      defaultValue = "100",
      description = "Entries per XREADGROUP (default ${DEFAULT-VALUE})")
  int count;

  @Option(
      names = "--batch-size",
      defaultValue = "500",
      description =
          "Entries per exchange in batch mode (producer List body, consumer batchMaxSize), and per"
              + " XREADGROUP of the Lettuce loop it is compared with (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--rate",
      defaultValue = "5000",
      description = "Messages/s of the latency phase (default ${DEFAULT-VALUE})")
  int rate;

  @Option(
      names = "--latency-seconds",
      defaultValue = "20",
      description = "Duration of each latency phase (default ${DEFAULT-VALUE})")
  int latencySeconds;

  @Option(
      names = "--rounds",
      defaultValue = "3",
      description = "Throughput rounds per path; the median is reported (default ${DEFAULT-VALUE})")
  int rounds;

  private final String prefix =
      "bench:redis-stream:" + UUID.randomUUID().toString().substring(0, 8);
  private final List<String> keys = new ArrayList<>();
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private CamelContext camel;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RedisStreamBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    BrokerSettings settings = BrokerSettings.fromWorkingDirectory();
    RedisURI uri = settings.redisURI();
    uri.setTimeout(Duration.ofSeconds(30));
    client = RedisClient.create(uri);
    client.setOptions(RedisStreamComponent.clientOptions(settings.redisTls(), null));
    connection = client.connect();
    camel = new DefaultCamelContext();
    RedisStreamComponent component = new RedisStreamComponent();
    component.getConfiguration().setHost(settings.redisHost());
    component.getConfiguration().setPort(settings.redisPort());
    component.getConfiguration().setPassword(settings.redisPassword());
    component.getConfiguration().setTls(settings.redisTls());
    // one client, as in the app: the component connects through the baseline's client
    component.setRedisClient(client);
    camel.addComponent("redis-stream", component);
    camel.start();
    try {
      System.out.printf(
          "redis-stream benchmark: %s, %d entries/phase, %d in flight, count %d, batch %d, %d"
              + " cores, Java %s%n",
          settings.redisUri(),
          messages,
          inflight,
          count,
          batchSize,
          Runtime.getRuntime().availableProcessors(),
          System.getProperty("java.version"));
      // warm up both paths (JIT, connections), results discarded
      xaddLettuce(stream("warm-l"), warmup);
      xaddComponent(stream("warm-c"), warmup);
      xaddComponentBatch(stream("warm-b"), warmup);
      drainLettuce(stream("warm-l"), warmup, count, "drain");
      drainLettuce(stream("warm-l"), warmup, batchSize, "drain-b");
      drainComponent(stream("warm-c"), warmup, false);
      drainComponent(stream("warm-b"), warmup, true);

      // alternate the paths round by round so that neither always runs on a colder JVM or a
      // busier machine; the round with the median throughput is reported
      List<Result> lettuceAdd = new ArrayList<>();
      List<Result> componentAdd = new ArrayList<>();
      List<Result> lettuceDrain = new ArrayList<>();
      List<Result> componentDrain = new ArrayList<>();
      List<Result> batchAdd = new ArrayList<>();
      List<Result> lettuceBatchDrain = new ArrayList<>();
      List<Result> batchDrain = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        String l = stream("add-l" + round);
        String c = stream("add-c" + round);
        String b = stream("add-b" + round);
        lettuceAdd.add(xaddLettuce(l, messages));
        componentAdd.add(xaddComponent(c, messages));
        batchAdd.add(xaddComponentBatch(b, messages));
        lettuceDrain.add(drainLettuce(l, messages, count, "drain"));
        componentDrain.add(drainComponent(c, messages, false));
        lettuceBatchDrain.add(drainLettuce(l, messages, batchSize, "drain-b"));
        batchDrain.add(drainComponent(b, messages, true));
        connection.sync().del(l, c, b); // keep Redis memory flat across rounds
      }
      Result lettuceLatency = latencyLettuce(stream("lat-l"));
      Result componentLatency = latencyComponent(stream("lat-c"));

      System.out.println();
      System.out.printf(
          "all rounds, msg/s: XADD lettuce %s, component %s, batch %s; drain lettuce %s,"
              + " component %s, lettuce at %d per read %s, batch %s%n",
          rates(lettuceAdd),
          rates(componentAdd),
          rates(batchAdd),
          rates(lettuceDrain),
          rates(componentDrain),
          batchSize,
          rates(lettuceBatchDrain),
          rates(batchDrain));
      System.out.println();
      System.out.println("| phase | path | msg/s | p50 ms | p99 ms | p99.9 ms | max ms |");
      System.out.println("|---|---|---:|---:|---:|---:|---:|");
      median(lettuceAdd).print("XADD (pipelined, ack latency)", "plain Lettuce");
      median(componentAdd).print("XADD (pipelined, ack latency)", "redis-stream producer");
      median(lettuceDrain).print("consumer group drain (XREADGROUP+XACK)", "plain Lettuce loop");
      median(componentDrain)
          .print("consumer group drain (XREADGROUP+XACK)", "redis-stream consumer");
      median(batchAdd)
          .print(
              "XADD (pipelined, ack latency)",
              "redis-stream producer, batch mode (List of " + batchSize + ")");
      median(lettuceBatchDrain)
          .print(
              "consumer group drain (XREADGROUP+XACK)",
              "plain Lettuce loop, " + batchSize + " per read");
      median(batchDrain)
          .print(
              "consumer group drain (XREADGROUP+XACK)",
              "redis-stream consumer, batch mode (batchMaxSize " + batchSize + ")");
      System.out.printf(
          "%nratios (median rounds): per message XADD %.2f, drain %.2f; batch mode XADD %.2f,"
              + " drain %.2f%n",
          median(componentAdd).perSecond() / median(lettuceAdd).perSecond(),
          median(componentDrain).perSecond() / median(lettuceDrain).perSecond(),
          median(batchAdd).perSecond() / median(lettuceAdd).perSecond(),
          median(batchDrain).perSecond() / median(lettuceBatchDrain).perSecond());
      lettuceLatency.print("XADD -> processed at " + rate + " msg/s", "plain Lettuce");
      componentLatency.print(
          "XADD -> route at " + rate + " msg/s", "redis-stream producer+consumer");
      return 0;
    } finally {
      camel.stop();
      if (!keys.isEmpty()) {
        connection.sync().del(keys.toArray(String[]::new));
      }
      connection.close();
      client.shutdown();
    }
  }

  private String stream(String name) {
    String key = prefix + ":" + name;
    keys.add(key);
    return key;
  }

  private static Map<String, String> quote(long i, long sentNanos) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("symbol", "SYM" + (i % 50));
    fields.put("price", Double.toString(100 + (i % 1000) / 100.0));
    fields.put("volume", Long.toString(100 + i % 5000));
    fields.put("ts", Long.toString(sentNanos));
    return fields;
  }

  // ------------------------------------------------------------------ XADD throughput

  private Result xaddLettuce(String stream, int n) throws InterruptedException {
    Semaphore window = new Semaphore(inflight);
    Histogram histogram = new ConcurrentHistogram(3);
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      window.acquire();
      long sent = System.nanoTime();
      connection
          .async()
          .xadd(stream, quote(i, sent))
          .whenComplete(
              (id, e) -> {
                if (e != null) {
                  errors.incrementAndGet();
                }
                histogram.recordValue(System.nanoTime() - sent);
                window.release();
              });
    }
    window.acquire(inflight);
    return new Result(n, System.nanoTime() - start, histogram, errors.get());
  }

  private Result xaddComponent(String stream, int n) throws Exception {
    RedisStreamEndpoint endpoint =
        camel.getEndpoint("redis-stream:" + stream, RedisStreamEndpoint.class);
    AsyncProducer producer = endpoint.createAsyncProducer();
    producer.start();
    Semaphore window = new Semaphore(inflight);
    Histogram histogram = new ConcurrentHistogram(3);
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      window.acquire();
      long sent = System.nanoTime();
      Exchange exchange = endpoint.createExchange();
      exchange.getMessage().setBody(quote(i, sent));
      producer.process(
          exchange,
          doneSync -> {
            if (exchange.getException() != null) {
              errors.incrementAndGet();
            }
            histogram.recordValue(System.nanoTime() - sent);
            window.release();
          });
    }
    window.acquire(inflight);
    long elapsed = System.nanoTime() - start;
    producer.stop();
    return new Result(n, elapsed, histogram, errors.get());
  }

  /** The producer's fast path: a List body of batchSize entries, one flush per exchange. */
  private Result xaddComponentBatch(String stream, int n) throws Exception {
    RedisStreamEndpoint endpoint =
        camel.getEndpoint("redis-stream:" + stream, RedisStreamEndpoint.class);
    AsyncProducer producer = endpoint.createAsyncProducer();
    producer.start();
    // the same entries in flight as the per-message paths
    int window = Math.max(1, inflight / batchSize);
    Semaphore exchanges = new Semaphore(window);
    Histogram histogram = new ConcurrentHistogram(3);
    AtomicLong errors = new AtomicLong();
    long start = System.nanoTime();
    for (int i = 0; i < n; i += batchSize) {
      exchanges.acquire();
      int size = Math.min(batchSize, n - i);
      long sent = System.nanoTime();
      List<Map<String, String>> batch = new ArrayList<>(size);
      for (int j = 0; j < size; j++) {
        batch.add(quote(i + j, sent));
      }
      Exchange exchange = endpoint.createExchange();
      exchange.getMessage().setBody(batch);
      producer.process(
          exchange,
          doneSync -> {
            if (exchange.getException() != null) {
              errors.addAndGet(size);
            }
            // every entry of the batch waited this long for its answer
            histogram.recordValueWithCount(System.nanoTime() - sent, size);
            exchanges.release();
          });
    }
    exchanges.acquire(window);
    long elapsed = System.nanoTime() - start;
    producer.stop();
    return new Result(n, elapsed, histogram, errors.get());
  }

  // ------------------------------------------------------------------ group drain throughput

  /** Reads a pre-filled stream from the start with a hand-written XREADGROUP/XACK loop. */
  private Result drainLettuce(String stream, int n, int perRead, String group)
      throws InterruptedException {
    AtomicLong seen = new AtomicLong();
    PlainGroupReader reader =
        new PlainGroupReader(stream, group, perRead, ts -> seen.incrementAndGet());
    long start = System.nanoTime();
    reader.start();
    while (seen.get() < n) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    long elapsed = System.nanoTime() - start;
    reader.stop();
    return new Result(n, elapsed, null, 0);
  }

  private Result drainComponent(String stream, int n, boolean batching) throws Exception {
    AtomicLong seen = new AtomicLong();
    String routeId = "drain-" + UUID.randomUUID();
    long start = System.nanoTime();
    camel.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            String options =
                batching
                    ? "&batching=true&batchTimeout=100ms&batchMaxSize=" + batchSize
                    : "&count=" + count;
            from("redis-stream:"
                    + stream
                    + "?group=drain&startId=0&block=100&monitorInterval=0"
                    + options)
                .routeId(routeId)
                .process(
                    e -> {
                      if (batching) {
                        // the same work per entry as the Lettuce loop: read its timestamp
                        for (Object m : e.getMessage().getBody(List.class)) {
                          Map<?, ?> fields = ((org.apache.camel.Message) m).getBody(Map.class);
                          Long.parseLong((String) fields.get("ts"));
                          seen.incrementAndGet();
                        }
                      } else {
                        Long.parseLong((String) e.getMessage().getBody(Map.class).get("ts"));
                        seen.incrementAndGet();
                      }
                    });
          }
        });
    while (seen.get() < n) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    long elapsed = System.nanoTime() - start;
    camel.getRouteController().stopRoute(routeId);
    camel.removeRoute(routeId);
    return new Result(n, elapsed, null, 0);
  }

  // ------------------------------------------------------------------ latency at a fixed rate

  private Result latencyLettuce(String stream) throws Exception {
    Histogram histogram = new ConcurrentHistogram(3);
    AtomicLong seen = new AtomicLong();
    PlainGroupReader reader =
        new PlainGroupReader(
            stream,
            "lat",
            count,
            ts -> {
              histogram.recordValue(Math.max(0, System.nanoTime() - ts));
              seen.incrementAndGet();
            });
    reader.start();
    int n = paced((i, intended) -> connection.async().xadd(stream, quote(i, intended)));
    long start = System.nanoTime();
    while (seen.get() < n && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    reader.stop();
    return new Result(n, (long) (n * 1e9 / rate), histogram, n - seen.get());
  }

  private Result latencyComponent(String stream) throws Exception {
    Histogram histogram = new ConcurrentHistogram(3);
    AtomicLong seen = new AtomicLong();
    String routeId = "latency-" + UUID.randomUUID();
    camel.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("redis-stream:"
                    + stream
                    + "?group=lat&startId=0&block=100&count="
                    + count
                    + "&monitorInterval=0")
                .routeId(routeId)
                .process(
                    e -> {
                      long ts =
                          Long.parseLong((String) e.getMessage().getBody(Map.class).get("ts"));
                      histogram.recordValue(Math.max(0, System.nanoTime() - ts));
                      seen.incrementAndGet();
                    });
          }
        });
    RedisStreamEndpoint endpoint =
        camel.getEndpoint("redis-stream:" + stream, RedisStreamEndpoint.class);
    AsyncProducer producer = endpoint.createAsyncProducer();
    producer.start();
    int n =
        paced(
            (i, intended) -> {
              Exchange exchange = endpoint.createExchange();
              exchange.getMessage().setBody(quote(i, intended));
              producer.process(exchange, doneSync -> {});
            });
    long start = System.nanoTime();
    while (seen.get() < n && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    producer.stop();
    camel.getRouteController().stopRoute(routeId);
    camel.removeRoute(routeId);
    return new Result(n, (long) (n * 1e9 / rate), histogram, n - seen.get());
  }

  private static Result median(List<Result> results) {
    List<Result> sorted = new ArrayList<>(results);
    sorted.sort(java.util.Comparator.comparingDouble(Result::perSecond));
    return sorted.get(sorted.size() / 2);
  }

  private static String rates(List<Result> results) {
    return results.stream()
        .map(r -> String.format("%,.0f", r.perSecond()))
        .collect(java.util.stream.Collectors.joining("/"));
  }

  interface Send {
    void send(long i, long intendedNanos) throws Exception;
  }

  /**
   * Sends at the fixed rate; the timestamp is the intended send time, so a stall shows up as
   * latency instead of hiding it (coordinated omission).
   */
  private int paced(Send send) throws Exception {
    int n = rate * latencySeconds;
    long interval = 1_000_000_000L / rate;
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long intended = start + i * interval;
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      send.send(i, intended);
    }
    return n;
  }

  /** The baseline: the loop one would write by hand with Lettuce, acking per batch. */
  private final class PlainGroupReader {
    private final String stream;
    private final String group;
    private final int perRead;
    private final LongConsumer onEntry;
    private final Thread thread;
    private volatile boolean running = true;

    PlainGroupReader(String stream, String group, int perRead, LongConsumer onEntry) {
      this.stream = stream;
      this.group = group;
      this.perRead = perRead;
      this.onEntry = onEntry;
      this.thread = new Thread(this::loop, "plain-lettuce-" + group);
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join();
    }

    private void loop() {
      try (StatefulRedisConnection<String, String> own = client.connect()) {
        RedisCommands<String, String> redis = own.sync();
        try {
          redis.xgroupCreate(
              XReadArgs.StreamOffset.from(stream, "0"), group, XGroupCreateArgs.Builder.mkstream());
        } catch (RuntimeException e) {
          if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
            throw e;
          }
        }
        while (running) {
          List<StreamMessage<String, String>> entries =
              redis.xreadgroup(
                  Consumer.from(group, "plain"),
                  XReadArgs.Builder.block(100).count(perRead),
                  XReadArgs.StreamOffset.lastConsumed(stream));
          if (entries.isEmpty()) {
            continue;
          }
          String[] ids = new String[entries.size()];
          for (int i = 0; i < ids.length; i++) {
            StreamMessage<String, String> entry = entries.get(i);
            onEntry.accept(Long.parseLong(entry.getBody().get("ts")));
            ids[i] = entry.getId();
          }
          redis.xack(stream, group, ids);
        }
      }
    }
  }

  private record Result(long messages, long nanos, Histogram histogram, long errors) {
    double perSecond() {
      return messages * 1e9 / nanos;
    }

    void print(String phase, String path) {
      double perSecond = perSecond();
      if (histogram == null) {
        System.out.printf("| %s | %s | %,.0f | | | | |%n", phase, path, perSecond);
      } else {
        System.out.printf(
            "| %s | %s | %,.0f | %.2f | %.2f | %.2f | %.2f |%s%n",
            phase,
            path,
            perSecond,
            histogram.getValueAtPercentile(50) / 1e6,
            histogram.getValueAtPercentile(99) / 1e6,
            histogram.getValueAtPercentile(99.9) / 1e6,
            histogram.getMaxValue() / 1e6,
            errors > 0 ? " (" + errors + " errors/missing)" : "");
      }
    }
  }
}
