package io.marketwire.bench;

import com.rabbitmq.stream.Address;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.Producer;
import io.marketwire.component.stream.RabbitMqStreamComponent;
import io.marketwire.config.BrokerSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.apache.camel.AsyncProducer;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.AsyncProcessorConverterHelper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Raw stream-client publish+consume versus the same volume through Camel routes using the
 * rabbitmq-stream component, on the same broker in the same run. Each side publishes to a fresh
 * stream while a consumer started at {@code next} reads it; the body carries the send time
 * (System.nanoTime, same JVM) for end-to-end latency.
 */
@Command(
    name = "stream-throughput",
    mixinStandardHelpOptions = true,
    description = "Raw stream-client vs rabbitmq-stream Camel component: throughput and latency")
public class StreamThroughputBenchmark implements Callable<Integer> {

  @Option(names = "--messages", defaultValue = "500000", description = "Messages per side")
  int messages;

  @Option(names = "--size", defaultValue = "100", description = "Body size in bytes (>= 16)")
  int size;

  @Option(names = "--warmup", defaultValue = "100000", description = "Warm-up messages per side (not reported)")
  int warmup;

  @Option(names = "--rate", defaultValue = "0", description = "Target publish rate in msg/s, 0 = as fast as possible")
  int rate;

  @Option(names = "--rounds", defaultValue = "2", description = "Measured rounds (raw, then Camel, each round); the best of each is reported")
  int rounds;

  @Option(names = "--pooled-exchanges", defaultValue = "false", description = "Use Camel's pooled exchange factory (camel.main.exchange-factory=pooled)")
  boolean pooledExchanges;

  @Option(
      names = "--batch",
      defaultValue = "0",
      description = "Camel side in batch mode: N payloads per exchange to the producer, consumer with batching=true&batchMaxSize=N (0: one message per exchange)")
  int batch;

  @Option(names = "--camel-options", defaultValue = "", description = "Extra URI options for both Camel endpoints, e.g. initialCredits=8")
  String camelOptions;

  private BrokerSettings broker;
  private Environment environment;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StreamThroughputBenchmark()).execute(args));
  }

  record Result(String name, int messages, double producerRate, double consumerRate, Histogram latency) {}

  @Override
  public Integer call() throws Exception {
    broker = BrokerSettings.fromWorkingDirectory();
    Address entry = new Address(broker.rabbitHost(), broker.streamPort());
    environment =
        Environment.builder()
            .host(broker.rabbitHost())
            .port(broker.streamPort())
            .addressResolver(a -> entry)
            .username(broker.rabbitUsername())
            .password(broker.rabbitPassword())
            .virtualHost(broker.virtualHost())
            .build();
    try {
      System.out.printf(
          "broker %s, %d messages of %d bytes per side, warm-up %d, rate %s, Camel %s, %d cores%n",
          broker, messages, size, warmup, rate == 0 ? "unlimited" : rate + " msg/s",
          batch > 0 ? "batches of " + batch : "one message per exchange",
          Runtime.getRuntime().availableProcessors());
      if (warmup > 0) {
        runRaw(warmup);
        runCamel(warmup);
      }
      Result raw = null;
      Result camel = null;
      for (int r = 0; r < rounds; r++) {
        // alternate the order so that neither side always runs on a warmer or calmer machine
        Result a = r % 2 == 0 ? runRaw(messages) : runCamel(messages);
        Result b = r % 2 == 0 ? runCamel(messages) : runRaw(messages);
        Result rr = r % 2 == 0 ? a : b;
        Result cr = r % 2 == 0 ? b : a;
        System.out.printf("round %d:%n", r + 1);
        print(rr);
        print(cr);
        raw = raw == null || rr.producerRate > raw.producerRate ? rr : raw;
        camel = camel == null || cr.producerRate > camel.producerRate ? cr : camel;
      }
      System.out.println("best of " + rounds + " rounds (by producer rate):");
      print(raw);
      print(camel);
      System.out.printf(
          Locale.ROOT,
          "ratio Camel/raw producer throughput: %.2f%n"
              + "ratio Camel/raw consumer throughput: %.2f%n"
              + "ratio consumer/producer rate: raw %.2f, Camel %.2f%n",
          camel.producerRate / raw.producerRate,
          camel.consumerRate / raw.consumerRate,
          raw.consumerRate / raw.producerRate,
          camel.consumerRate / camel.producerRate);
    } finally {
      environment.close();
    }
    return 0;
  }

  private static void print(Result r) {
    Histogram h = r.latency;
    System.out.printf(
        Locale.ROOT,
        "%-6s producer %,10.0f msg/s  consumer %,10.0f msg/s  latency p50 %,8.2f ms  p99 %,8.2f ms  p99.9 %,8.2f ms  max %,8.2f ms (%d samples)%n",
        r.name,
        r.producerRate,
        r.consumerRate,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6,
        h.getMaxValue() / 1e6,
        h.getTotalCount());
  }

  /** ~100 bytes: send time, then a market-data-like text record, padded. */
  private byte[] body(long i) {
    byte[] b = new byte[size];
    ByteBuffer buffer = ByteBuffer.wrap(b);
    buffer.putLong(System.nanoTime());
    String record =
        "AAPL,XNAS," + (18900 + i % 100) + ".25,100," + i + ",B";
    byte[] text = record.getBytes(StandardCharsets.US_ASCII);
    buffer.put(text, 0, Math.min(text.length, size - 8));
    return b;
  }

  private static long sentAt(byte[] body) {
    return ByteBuffer.wrap(body).getLong();
  }

  private void pace(long start, long i) {
    if (rate > 0) {
      long due = start + i * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
    }
  }

  private Result runRaw(int n) throws Exception {
    String stream = "bench-raw-" + UUID.randomUUID().toString().substring(0, 8);
    environment.streamCreator().stream(stream).create();
    Recorder latency = new Recorder(3);
    CountDownLatch received = new CountDownLatch(n);
    AtomicLong lastReceived = new AtomicLong();
    var consumer =
        environment.consumerBuilder()
            .stream(stream)
            .offset(OffsetSpecification.next())
            .messageHandler(
                (ctx, m) -> {
                  long now = System.nanoTime();
                  latency.recordValue(Math.max(0, now - sentAt(m.getBodyAsBinary())));
                  lastReceived.set(now);
                  received.countDown();
                })
            .build();
    Producer producer = environment.producerBuilder().stream(stream).build();
    CountDownLatch confirmed = new CountDownLatch(n);
    AtomicLong lastConfirmed = new AtomicLong();
    AtomicLong nacks = new AtomicLong();
    long start = System.nanoTime();
    for (long i = 0; i < n; i++) {
      pace(start, i);
      producer.send(
          producer.messageBuilder().addData(body(i)).build(),
          s -> {
            if (!s.isConfirmed()) {
              nacks.incrementAndGet();
            }
            lastConfirmed.set(System.nanoTime());
            confirmed.countDown();
          });
    }
    await(confirmed, "raw confirms");
    await(received, "raw consumer");
    producer.close();
    consumer.close();
    environment.deleteStream(stream);
    if (nacks.get() > 0) {
      throw new IllegalStateException(nacks.get() + " raw messages not confirmed");
    }
    return new Result(
        "raw",
        n,
        n / ((lastConfirmed.get() - start) / 1e9),
        n / ((lastReceived.get() - start) / 1e9),
        latency.getIntervalHistogram());
  }

  private Result runCamel(int n) throws Exception {
    String stream = "bench-camel-" + UUID.randomUUID().toString().substring(0, 8);
    environment.streamCreator().stream(stream).create();
    Recorder latency = new Recorder(3);
    CountDownLatch received = new CountDownLatch(n);
    AtomicLong lastReceived = new AtomicLong();
    CamelContext context = new DefaultCamelContext();
    // the same per-exchange bookkeeping as the app (config/application.properties): route-level
    // JMX counters only, so the comparison is the component's, not Camel's statistics
    context.build();
    if (context.getManagementStrategy() != null && context.getManagementStrategy().getManagementAgent() != null) {
      context.getManagementStrategy().getManagementAgent()
          .setStatisticsLevel(org.apache.camel.ManagementStatisticsLevel.RoutesOnly);
    }
    if (pooledExchanges) {
      context.getCamelContextExtension()
          .setExchangeFactory(new org.apache.camel.impl.engine.PooledExchangeFactory());
    }
    RabbitMqStreamComponent component = new RabbitMqStreamComponent();
    component.getConfiguration().setHost(broker.rabbitHost());
    component.getConfiguration().setPort(broker.streamPort());
    component.getConfiguration().setUsername(broker.rabbitUsername());
    component.getConfiguration().setPassword(broker.rabbitPassword());
    component.getConfiguration().setVirtualHost(broker.virtualHost());
    context.addComponent("rabbitmq-stream", component);
    String extra = camelOptions.isBlank() ? "" : "&" + camelOptions;
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:publish").routeId("publish").to("rabbitmq-stream:" + stream + "?offset=next" + extra);
            String batching = batch > 0 ? "&batching=true&batchMaxSize=" + batch + "&batchTimeout=10ms" : "";
            from("rabbitmq-stream:" + stream + "?offset=next" + batching + extra)
                .routeId("consume")
                .process(
                    e -> {
                      Object body = e.getIn().getBody();
                      if (body instanceof java.util.List<?> messages) {
                        long now = System.nanoTime();
                        for (Object m : messages) {
                          byte[] bytes = ((org.apache.camel.Message) m).getBody(byte[].class);
                          latency.recordValue(Math.max(0, now - sentAt(bytes)));
                          received.countDown();
                        }
                        lastReceived.set(now);
                      } else {
                        long now = System.nanoTime();
                        latency.recordValue(Math.max(0, now - sentAt((byte[]) body)));
                        lastReceived.set(now);
                        received.countDown();
                      }
                    });
          }
        });
    context.start();
    Endpoint direct = context.getEndpoint("direct:publish");
    AsyncProducer producer = AsyncProcessorConverterHelper.convert(direct.createProducer());
    producer.start();
    CountDownLatch confirmed = new CountDownLatch(n);
    AtomicLong lastConfirmed = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long start = System.nanoTime();
    int perExchange = Math.max(1, batch);
    for (long i = 0; i < n; i += perExchange) {
      pace(start, i);
      Exchange exchange = direct.createExchange();
      int count = (int) Math.min(perExchange, n - i);
      if (batch > 0) {
        java.util.List<byte[]> payloads = new java.util.ArrayList<>(count);
        for (int k = 0; k < count; k++) {
          payloads.add(body(i + k));
        }
        exchange.getIn().setBody(payloads);
      } else {
        exchange.getIn().setBody(body(i));
      }
      // asynchronous: the callback runs when the broker confirmed; in-flight messages are
      // bounded by the component (maxUnconfirmedMessages), which blocks this loop when full
      producer.process(
          exchange,
          doneSync -> {
            if (exchange.getException() != null) {
              failures.incrementAndGet();
            }
            lastConfirmed.set(System.nanoTime());
            for (int k = 0; k < count; k++) {
              confirmed.countDown();
            }
          });
    }
    await(confirmed, "Camel confirms");
    await(received, "Camel consumer");
    producer.stop();
    context.stop();
    environment.deleteStream(stream);
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " Camel exchanges failed");
    }
    return new Result(
        "camel",
        n,
        n / ((lastConfirmed.get() - start) / 1e9),
        n / ((lastReceived.get() - start) / 1e9),
        latency.getIntervalHistogram());
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException(what + ": " + latch.getCount() + " missing after 5 minutes");
    }
  }
}
