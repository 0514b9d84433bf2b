package io.marketwire.bench;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import io.marketwire.config.BrokerSettings;
import io.marketwire.orders.Order;
import io.marketwire.orders.OrderJson;
import io.marketwire.orders.OrdersTopology;
import io.marketwire.testsupport.RunningApp;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Orders per second through orders.direct -> orders.work (quorum) with a publisher confirm per
 * order and a manual ack per order, through Camel routes (camel-spring-rabbitmq) and through the
 * plain amqp-client, in the same run on the same broker and the same topology. Not a test: see
 * docs/benchmarks.md, section "orders (AMQP)", for numbers and the command.
 */
@Command(name = "orders-benchmark", mixinStandardHelpOptions = true)
public final class OrdersBenchmark implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--orders", description = "Orders per run (default ${DEFAULT-VALUE}).")
  int orders = 5000;

  @Option(names = "--producers", description = "Publishing threads, each waits for its confirm (default ${DEFAULT-VALUE}).")
  int producers = 4;

  @Option(names = "--consumers", description = "Consumers on orders.work, prefetch 1 (default ${DEFAULT-VALUE}).")
  int consumers = 3;

  @Option(names = "--warmup", description = "Warm-up orders per client before measuring (default ${DEFAULT-VALUE}).")
  int warmup = 500;

  private final String namespace = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";
  private final OrderJson json = new OrderJson();

  public static void main(String[] args) {
    System.exit(new CommandLine(new OrdersBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    BrokerSettings broker = BrokerSettings.fromWorkingDirectory();
    // only the (disabled) demo route: the benchmark adds its own two routes below
    RunningApp app = RunningApp.start("file:routes/orders/demo/demo.camel.yaml", Map.of(
        "marketwire.orders.namespace", namespace,
        "camel.server.enabled", "false",
        "camel.management.enabled", "false"));
    OrdersTopology topology = app.context().getRegistry().lookupByNameAndType("ordersTopology", OrdersTopology.class);
    try {
      AtomicInteger camelAcked = new AtomicInteger();
      app.context().addRoutes(new RouteBuilder() {
        @Override
        public void configure() {
          from("spring-rabbitmq:" + namespace + "orders.direct?queues=" + namespace + "orders.work&routingKey=order"
                  + "&autoDeclare=false&acknowledgeMode=MANUAL&prefetchCount=1&maximumRetryAttempts=0&concurrentConsumers=" + consumers)
              .routeId("bench-consume")
              .bean("orderAcks", "ack")
              .process(e -> camelAcked.incrementAndGet());
          from("direct:bench-publish").routeId("bench-publish")
              .to("spring-rabbitmq:" + namespace + "orders.direct?routingKey=order&confirm=enabled");
        }
      });
      ProducerTemplate template = app.context().createProducerTemplate();
      runCamel(template, camelAcked, warmup);
      double camel = runCamel(template, camelAcked, orders);
      app.context().getRouteController().stopRoute("bench-consume");

      double plain;
      try (Connection connection = connect(broker)) {
        runPlain(connection, warmup);
        plain = runPlain(connection, orders);
      }
      System.out.printf("%norders (AMQP), %d orders, %d producers (confirm per order), %d consumers (prefetch 1, manual ack)%n",
          orders, producers, consumers);
      System.out.printf("  Camel routes (camel-spring-rabbitmq): %8.0f orders/s%n", camel);
      System.out.printf("  plain amqp-client:                    %8.0f orders/s%n", plain);
      System.out.printf("  ratio Camel / plain:                  %8.2f%n", camel / plain);
      return 0;
    } finally {
      app.close();
      topology.deleteAll();
    }
  }

  private double runCamel(ProducerTemplate template, AtomicInteger acked, int count) throws Exception {
    acked.set(0);
    long start = System.nanoTime();
    parallel(count, i -> template.sendBodyAndHeader("direct:bench-publish", body(i), SpringRabbitMQConstants.MESSAGE_ID, "o-" + i));
    while (acked.get() < count) {
      Thread.onSpinWait();
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  private double runPlain(Connection connection, int count) throws Exception {
    CountDownLatch done = new CountDownLatch(count);
    List<Channel> consumerChannels = new ArrayList<>();
    for (int c = 0; c < consumers; c++) {
      Channel channel = connection.createChannel();
      channel.basicQos(1);
      channel.basicConsume(namespace + "orders.work", false, new DefaultConsumer(channel) {
        @Override
        public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) throws java.io.IOException {
          getChannel().basicAck(envelope.getDeliveryTag(), false);
          done.countDown();
        }
      });
      consumerChannels.add(channel);
    }
    ThreadLocal<Channel> publisher = ThreadLocal.withInitial(() -> {
      try {
        Channel channel = connection.createChannel();
        channel.confirmSelect();
        return channel;
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    long start = System.nanoTime();
    parallel(count, i -> {
      try {
        Channel channel = publisher.get();
        channel.basicPublish(namespace + "orders.direct", "order",
            new AMQP.BasicProperties.Builder().messageId("o-" + i).contentType("application/json")
                .deliveryMode(MessageProperties.PERSISTENT_TEXT_PLAIN.getDeliveryMode()).build(),
            body(i).getBytes(StandardCharsets.UTF_8));
        channel.waitForConfirmsOrDie(5_000);
      } catch (Exception e) {
        throw new IllegalStateException("publish not confirmed", e);
      }
    });
    if (!done.await(120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("plain consumers did not get every order");
    }
    double rate = count / ((System.nanoTime() - start) / 1e9);
    for (Channel channel : consumerChannels) {
      channel.close();
    }
    return rate;
  }

  private void parallel(int count, java.util.function.IntConsumer publish) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(producers);
    AtomicInteger next = new AtomicInteger();
    for (int p = 0; p < producers; p++) {
      pool.execute(() -> {
        int i;
        while ((i = next.getAndIncrement()) < count) {
          publish.accept(i);
        }
      });
    }
    pool.shutdown();
    if (!pool.awaitTermination(300, TimeUnit.SECONDS)) {
      throw new IllegalStateException("publishing did not finish");
    }
  }

  private String body(int i) {
    return json.write(new Order("o-" + i, "alice", "dock", 1 + i % 5, new BigDecimal("19.90"), i % 2 == 0 ? "EU" : "US", "normal"));
  }

  private static Connection connect(BrokerSettings broker) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost(broker.rabbitHost());
    factory.setPort(broker.amqpPort());
    factory.setVirtualHost(broker.virtualHost());
    factory.setUsername(broker.rabbitUsername());
    factory.setPassword(broker.rabbitPassword());
    factory.setRequestedHeartbeat(10);
    return factory.newConnection("orders-benchmark");
  }
}
