package io.marketwire.component.stream.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.stream.Address;
import com.rabbitmq.stream.Environment;
import com.rabbitmq.stream.Producer;
import io.marketwire.component.stream.RabbitMqStreamComponent;
import io.marketwire.config.BrokerSettings;
import io.marketwire.testsupport.BrokerServices;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Points the component at the project's broker (config/application.properties), gives each test
 * unique stream names and deletes them afterwards, and stops the Camel contexts a test made.
 */
abstract class RabbitMqStreamITSupport {

  static final BrokerSettings BROKER = BrokerServices.get().settings();

  protected Environment admin;
  private final List<String> streams = new ArrayList<>();
  private final List<String> superStreams = new ArrayList<>();
  private final List<CamelContext> contexts = new ArrayList<>();

  @BeforeEach
  void openAdmin() {
    Address entry = new Address(BROKER.rabbitHost(), BROKER.streamPort());
    admin =
        Environment.builder()
            .host(BROKER.rabbitHost())
            .port(BROKER.streamPort())
            .addressResolver(a -> entry)
            .username(BROKER.rabbitUsername())
            .password(BROKER.rabbitPassword())
            .virtualHost(BROKER.virtualHost())
            .build();
  }

  @AfterEach
  void cleanUp() {
    for (CamelContext c : contexts) {
      try {
        c.stop();
      } catch (RuntimeException ignored) {
        // best effort: the test is over
      }
    }
    for (String s : streams) {
      try {
        admin.deleteStream(s);
      } catch (RuntimeException ignored) {
        // never created by this test
      }
    }
    for (String s : superStreams) {
      try {
        admin.deleteSuperStream(s);
      } catch (RuntimeException ignored) {
        // never created by this test
      }
    }
    admin.close();
  }

  /** A stream name unique to this test, deleted after it. */
  String newStreamName(String prefix) {
    String name = "it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    streams.add(name);
    return name;
  }

  String newSuperStreamName(String prefix) {
    String name = "it-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    superStreams.add(name);
    return name;
  }

  String createStream(String prefix) {
    String name = newStreamName(prefix);
    admin.streamCreator().stream(name).create();
    return name;
  }

  /** The offset the broker stored for consumer {@code name} on {@code stream}, -1 if none. */
  long storedOffset(String stream, String name) {
    var c =
        admin.consumerBuilder()
            .stream(stream)
            .name(name)
            .manualTrackingStrategy()
            .builder()
            .offset(com.rabbitmq.stream.OffsetSpecification.next())
            .messageHandler((ctx, m) -> {})
            .build();
    try {
      return c.storedOffset();
    } catch (com.rabbitmq.stream.NoOffsetException e) {
      return -1;
    } finally {
      c.close();
    }
  }

  /** A Camel context whose rabbitmq-stream component points at the test broker. */
  CamelContext newContext() {
    CamelContext context = new DefaultCamelContext();
    RabbitMqStreamComponent component = new RabbitMqStreamComponent();
    component.getConfiguration().setHost(BROKER.rabbitHost());
    component.getConfiguration().setPort(BROKER.streamPort());
    component.getConfiguration().setUsername(BROKER.rabbitUsername());
    component.getConfiguration().setPassword(BROKER.rabbitPassword());
    component.getConfiguration().setVirtualHost(BROKER.virtualHost());
    component.getConfiguration().setTls(BROKER.rabbitTls());
    context.addComponent("rabbitmq-stream", component);
    contexts.add(context);
    return context;
  }

  /** Publishes n messages with the raw client and waits for every confirm. */
  void publish(String stream, int n, IntFunction<String> body, IntFunction<Map<String, String>> props)
      throws InterruptedException {
    Producer producer = admin.producerBuilder().stream(stream).build();
    CountDownLatch confirmed = new CountDownLatch(n);
    AtomicInteger nacked = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      var builder = producer.messageBuilder();
      Map<String, String> p = props == null ? Map.of() : props.apply(i);
      if (!p.isEmpty()) {
        var app = builder.applicationProperties();
        p.forEach(app::entry);
      }
      producer.send(
          builder.addData(body.apply(i).getBytes(StandardCharsets.UTF_8)).build(),
          s -> {
            if (!s.isConfirmed()) {
              nacked.incrementAndGet();
            }
            confirmed.countDown();
          });
    }
    assertThat(confirmed.await(30, TimeUnit.SECONDS)).as("all confirmed").isTrue();
    assertThat(nacked.get()).isZero();
    producer.close();
  }

  void publish(String stream, int n, IntFunction<String> body) throws InterruptedException {
    publish(stream, n, body, null);
  }

  /** Reads every message of a stream from the start with the raw client (bodies as strings). */
  List<String> readAll(String stream, int expected) {
    List<String> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
    var consumer =
        admin.consumerBuilder()
            .stream(stream)
            .offset(com.rabbitmq.stream.OffsetSpecification.first())
            .messageHandler(
                (ctx, m) -> bodies.add(new String(m.getBodyAsBinary(), StandardCharsets.UTF_8)))
            .build();
    try {
      try {
        org.awaitility.Awaitility.await()
            .atMost(java.time.Duration.ofSeconds(30))
            .until(() -> bodies.size() >= expected);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // return what is there: the caller's assertion says what is missing
      }
      // a little more time to see anything unexpected beyond the expected count
      org.awaitility.Awaitility.await()
          .pollDelay(java.time.Duration.ofMillis(500))
          .until(() -> true);
    } finally {
      consumer.close();
    }
    synchronized (bodies) {
      return new ArrayList<>(bodies);
    }
  }

  static String text(Object body) {
    return new String((byte[]) body, StandardCharsets.UTF_8);
  }
}
