package io.marketwire.dataplane.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.marketwire.testsupport.BrokerAdmin;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The listener's batches against the real RabbitMQ: a queue bound to a test exchange with {@code #}
 * receives what {@link MdqPublisher} publishes, and the quotes' sequence numbers show what arrived,
 * how often and in which order.
 */
@Tag("integration")
class MdqBatchPublishIT {

  private static final List<String> SYMBOLS = List.of("AZO", "BKNG", "FDS");

  private final String name = "dpspeed-it-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Long> received = new CopyOnWriteArrayList<>();
  private Connection consumerConnection;

  @BeforeEach
  void bindQueue() throws Exception {
    consumerConnection = BrokerAdmin.amqpConnection(name + "-consumer");
    Channel channel = consumerConnection.createChannel();
    channel.exchangeDeclare(name, "topic", true);
    channel.queueDeclare(name, false, true, true, Map.of());
    channel.queueBind(name, name, "#");
    channel.basicConsume(
        name, true, (tag, delivery) -> received.add(FakeMassiveUpstream.sequence(new String(delivery.getBody(), StandardCharsets.UTF_8))), tag -> {});
  }

  @AfterEach
  void deleteExchange() throws Exception {
    try {
      consumerConnection.createChannel().exchangeDelete(name);
    } finally {
      consumerConnection.abort(); // the exclusive queue goes with it
    }
  }

  @Test
  void theListenerInBatchModePublishesEveryEventOnceInOrder() throws Exception {
    Vertx vertx = Vertx.vertx();
    FakeMassiveUpstream upstream = new FakeMassiveUpstream(vertx, 3_000, 10, SYMBOLS);
    CamelContext camel = new DefaultCamelContext();
    MdqPublisher publisher = new MdqPublisher(BrokerAdmin.amqpFactory(), List.of(), name, name, 500, 5_000);
    try {
      camel.getRegistry().bind("vertx", vertx);
      camel.addRoutes(
          new RouteBuilder() {
            @Override
            public void configure() {
              // a buffer of four frames and batches of up to 50 events: the socket pauses and
              // many batches are cut, each from whole frames
              fromF("massive:stocks?url=%s&apiKey=k&subscriptions=Q.*&bufferFrames=4&batching=true&batchSize=50&maxAge=0",
                      upstream.url())
                  .routeId(name)
                  .process(publisher);
            }
          });
      camel.start();
      ListenerCounters counters = MassiveConsumer.find(camel).orElseThrow().counters();

      Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> received.size() >= upstream.events());

      assertThat(counters.received()).isEqualTo(upstream.events());
      assertThat(counters.published()).isEqualTo(upstream.events());
      assertThat(counters.dropped()).isZero();
      assertThat(publisher.batches()).as("batches, each of whole frames").isBetween(upstream.events() / 50, upstream.events() / 10);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> publisher.acked() == upstream.events());
      FakeMassiveUpstream.assertEveryEventOnceInOrder(received, upstream.events());
    } finally {
      camel.close();
      publisher.close();
      upstream.close();
      vertx.close();
    }
  }

  /**
   * The broker closes the publisher's connection while a large batch is being written: the batch
   * fails saying how many events it wrote; those are at most once in the queue (the ones
   * unconfirmed are counted in doubt); the rest, sent again on a new connection, arrive exactly
   * once; every symbol's events stay in order; nothing arrives twice.
   */
  @Test
  void aConnectionLostMidBatchSendsOnlyTheUnwrittenRestAgain() throws Exception {
    int events = 150_000;
    List<MarketEvent> batch = new ArrayList<>(events);
    long now = System.currentTimeMillis();
    for (long q = 1; q <= events; q++) {
      String symbol = SYMBOLS.get((int) ((q - 1) % SYMBOLS.size()));
      batch.add(new MarketEvent("Q", symbol, "{\"ev\":\"Q\",\"sym\":\"" + symbol + "\",\"bp\":1.0,\"ap\":1.1,\"q\":" + q + "}", now, System.nanoTime()));
    }
    String connectionName = name + "-publisher";
    try (MdqPublisher publisher = new MdqPublisher(BrokerAdmin.amqpFactory(), List.of(), connectionName, name, 2_000, 30_000);
        BrokerAdmin admin = new BrokerAdmin()) {
      CompletableFuture<Void> publishing = CompletableFuture.runAsync(() -> publisher.publish(batch));
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> publisher.acked() > 5_000);
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> admin.closeConnections(connectionName) > 0);

      MdqPublishException failure =
          catchThrowableOfType(() -> unwrap(publishing), MdqPublishException.class);
      assertThat(failure).as("the batch failed part way").isNotNull();
      int written = failure.published();
      assertThat(written).as("events written before the connection went").isBetween(5_000, events - 1);

      publisher.publish(batch.subList(written, events));
      Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> publisher.acked() + publisher.inDoubt() + publisher.nacked() >= events);
      // one auto-ack consumer drains the queue: slow on a busy machine
      Awaitility.await().atMost(Duration.ofSeconds(180)).until(() -> received.contains((long) events));

      Map<Long, Integer> times = new HashMap<>();
      received.forEach(q -> times.merge(q, 1, Integer::sum));
      assertThat(times.values()).as("nothing delivered twice").allMatch(n -> n == 1);
      for (long q = written + 1; q <= events; q++) {
        assertThat(times).as("the unwritten rest, sent again, arrived: event %d", q).containsKey(q);
      }
      long missing = events - received.size();
      assertThat(missing).as("lost events are among those unconfirmed when the connection went")
          .isLessThanOrEqualTo(publisher.inDoubt() + publisher.nacked());
      Map<String, Long> lastPerSymbol = new HashMap<>();
      for (long q : received) {
        String symbol = SYMBOLS.get((int) ((q - 1) % SYMBOLS.size()));
        Long previous = lastPerSymbol.put(symbol, q);
        assertThat(previous == null || previous < q).as("%s in order: %d after %d", symbol, q, previous).isTrue();
      }
    }
  }

  private static void unwrap(CompletableFuture<Void> future) throws Throwable {
    try {
      future.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause();
    }
  }
}
