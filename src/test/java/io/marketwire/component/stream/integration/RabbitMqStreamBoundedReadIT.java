package io.marketwire.component.stream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.rabbitmq.stream.Producer;
import io.marketwire.component.stream.RabbitMqStreamConstants;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/**
 * readUntilEnd: a consumer reads from its offset to the end the stream had when it started, then
 * tells the route with one end-of-stream exchange, and hands it nothing published afterwards.
 */
class RabbitMqStreamBoundedReadIT extends RabbitMqStreamITSupport {

  private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<Message> end = new AtomicReference<>();

  private CamelContext start(String uri) throws Exception {
    CamelContext context = newContext();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(uri)
                .routeId("clients-bounded-read")
                .process(
                    e -> {
                      if (e.getIn().getHeader(RabbitMqStreamConstants.END_OF_STREAM, false, Boolean.class)) {
                        assertThat(e.getIn().getBody()).isNull();
                        end.set(e.getIn().copy());
                      } else {
                        bodies.add(text(e.getIn().getBody()));
                      }
                    });
          }
        });
    context.start();
    return context;
  }

  @Test
  void readsUpToTheEndItHadAtStartThenSaysSoOnce() throws Exception {
    String stream = createStream("clients-bounded");
    publish(stream, 300, i -> "m" + i);
    start("rabbitmq-stream:" + stream + "?offset=first&readUntilEnd=true&endIdleTimeout=2s");
    // published after the start: beyond the end the read is bounded by
    publish(stream, 50, i -> "late" + i);

    await().atMost(Duration.ofSeconds(60)).until(() -> end.get() != null);
    assertThat(end.get().getHeader(RabbitMqStreamConstants.MESSAGES_READ, Long.class)).isEqualTo(300L);
    assertThat(end.get().getHeader(RabbitMqStreamConstants.STREAM)).isEqualTo(stream);
    // and nothing after the end
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      expected.add("m" + i);
    }
    assertThat(bodies).containsExactlyElementsOf(expected);
  }

  @Test
  void anEmptyStreamEndsAtOnceWithNothingRead() throws Exception {
    String stream = createStream("clients-bounded-empty");
    start("rabbitmq-stream:" + stream + "?offset=first&readUntilEnd=true");
    await().atMost(Duration.ofSeconds(10)).until(() -> end.get() != null);
    assertThat(end.get().getHeader(RabbitMqStreamConstants.MESSAGES_READ, Long.class)).isZero();
    assertThat(bodies).isEmpty();
  }

  @Test
  void aFilteredReadPassesOnOnlyItsValuesUpToTheEnd() throws Exception {
    String stream = createStream("clients-bounded-filter");
    publishFiltered(stream, 200, i -> "m" + i, i -> i % 2 == 0 ? "even" : "odd");
    start("rabbitmq-stream:" + stream + "?offset=first&readUntilEnd=true&endIdleTimeout=2s&filterValues=even");
    publishFiltered(stream, 20, i -> "late" + i, i -> "even");
    await().atMost(Duration.ofSeconds(60)).until(() -> end.get() != null);
    assertThat(bodies).hasSize(100).allMatch(b -> Integer.parseInt(b.substring(1)) % 2 == 0);
    assertThat(end.get().getHeader(RabbitMqStreamConstants.MESSAGES_READ, Long.class)).isEqualTo(100L);
  }

  /**
   * On a super stream each partition is read to its own end, and the end comes once, after the
   * last: partition 0 holds one message, 1 none, 2 many, so an end reported at the first
   * partition's end (or the empty one's) would miss most of partition 2.
   */
  @Test
  void aSuperStreamIsReadToEveryPartitionsEndThenSaysSoOnce() throws Exception {
    String superStream = newSuperStreamName("clients-bounded-super");
    admin.streamCreator().name(superStream).superStream().partitions(3).creator().create();
    publish(superStream + "-0", 1, i -> "p0-" + i);
    publish(superStream + "-2", 2000, i -> "p2-" + i);
    start("rabbitmq-stream:" + superStream + "?superStream=true&partitions=3&offset=first&readUntilEnd=true&endIdleTimeout=2s");
    publish(superStream + "-0", 20, i -> "late" + i);
    publish(superStream + "-1", 20, i -> "late" + i);

    await().atMost(Duration.ofSeconds(60)).until(() -> end.get() != null);
    assertThat(end.get().getHeader(RabbitMqStreamConstants.MESSAGES_READ, Long.class)).isEqualTo(2001L);
    assertThat(end.get().getHeader(RabbitMqStreamConstants.STREAM)).isEqualTo(superStream);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    List<String> expected = new ArrayList<>(List.of("p0-0"));
    for (int i = 0; i < 2000; i++) {
      expected.add("p2-" + i);
    }
    assertThat(bodies).containsExactlyInAnyOrderElementsOf(expected);
    // each partition in its own order
    assertThat(bodies.stream().filter(b -> b.startsWith("p2-")).toList()).containsExactlyElementsOf(expected.subList(1, 2001));
  }

  /** Publishes with the value the broker's chunk filter indexes (as the component's producer does). */
  private void publishFiltered(String stream, int n, IntFunction<String> body, IntFunction<String> value)
      throws InterruptedException {
    Producer producer =
        admin.producerBuilder().stream(stream).filterValue(m -> (String) m.getApplicationProperties().get("x-filter-value")).build();
    CountDownLatch confirmed = new CountDownLatch(n);
    for (int i = 0; i < n; i++) {
      producer.send(
          producer
              .messageBuilder()
              .applicationProperties()
              .entry("x-filter-value", value.apply(i))
              .messageBuilder()
              .addData(body.apply(i).getBytes(StandardCharsets.UTF_8))
              .build(),
          s -> confirmed.countDown());
    }
    assertThat(confirmed.await(30, TimeUnit.SECONDS)).isTrue();
    producer.close();
  }
}
