package io.marketwire.component.stream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketwire.component.stream.RabbitMqStreamConstants;
import io.marketwire.component.stream.RabbitMqStreamManualCommit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

class RabbitMqStreamConsumerIT extends RabbitMqStreamITSupport {

  private List<Exchange> received = Collections.synchronizedList(new ArrayList<>());

  private CamelContext consume(String uri) throws Exception {
    CamelContext context = newContext();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(uri).routeId("consume").process(e -> received.add(e.copy()));
          }
        });
    context.start();
    return context;
  }

  private List<String> bodies() {
    synchronized (received) {
      return received.stream().map(e -> text(e.getIn().getBody())).toList();
    }
  }

  private static List<String> range(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "m" + i).toList();
  }

  @Test
  void firstReadsEverythingWithHeaders() throws Exception {
    String stream = createStream("first");
    publish(stream, 50, i -> "m" + i, i -> Map.of("symbol", i % 2 == 0 ? "AAPL" : "MSFT"));
    consume("rabbitmq-stream:" + stream + "?offset=first");
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 50);
    assertThat(bodies()).containsExactlyElementsOf(range(0, 50));
    Exchange e = received.get(3);
    assertThat(e.getIn().getBody()).isInstanceOf(byte[].class);
    assertThat(e.getIn().getHeader(RabbitMqStreamConstants.STREAM)).isEqualTo(stream);
    assertThat(e.getIn().getHeader(RabbitMqStreamConstants.PARTITION)).isEqualTo(stream);
    assertThat(e.getIn().getHeader(RabbitMqStreamConstants.OFFSET)).isEqualTo(3L);
    assertThat(e.getIn().getHeader(RabbitMqStreamConstants.CHUNK_TIMESTAMP, Long.class))
        .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(120_000L));
    assertThat(e.getIn().getHeader("symbol")).isEqualTo("MSFT");
  }

  @Test
  void lastStartsAtTheLastChunk() throws Exception {
    String stream = createStream("last");
    publish(stream, 100, i -> "m" + i);
    // confirmed separately, so it is a chunk of its own: the last one
    publish(stream, 1, i -> "tail");
    consume("rabbitmq-stream:" + stream + "?offset=last");
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 1);
    assertThat(bodies()).containsExactly("tail");
  }

  @Test
  void nextReadsOnlyNewMessages() throws Exception {
    String stream = createStream("next");
    publish(stream, 20, i -> "old" + i);
    CamelContext context = consume("rabbitmq-stream:" + stream + "?offset=next");
    await().atMost(Duration.ofSeconds(10)).until(() -> context.getRouteController().getRouteStatus("consume").isStarted());
    publish(stream, 5, i -> "m" + i);
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 5);
    assertThat(bodies()).containsExactlyElementsOf(range(0, 5));
  }

  @Test
  void offsetStartsAtThatOffset() throws Exception {
    String stream = createStream("offset");
    publish(stream, 20, i -> "m" + i);
    consume("rabbitmq-stream:" + stream + "?offset=offset:15");
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 5);
    assertThat(bodies()).containsExactlyElementsOf(range(15, 20));
  }

  @Test
  void timestampStartsAtChunksFromThatTime() throws Exception {
    String stream = createStream("ts");
    publish(stream, 10, i -> "before" + i);
    // chunk timestamps have millisecond resolution; leave a clear gap either side of the mark
    await().pollDelay(Duration.ofMillis(1200)).until(() -> true);
    Instant mark = Instant.now();
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    publish(stream, 10, i -> "m" + i);
    consume("rabbitmq-stream:" + stream + "?offset=timestamp:" + mark);
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 10);
    assertThat(bodies()).containsExactlyElementsOf(range(0, 10));
    received.clear();
    consume("rabbitmq-stream:" + stream + "?offset=timestamp:" + mark.toEpochMilli());
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 10);
    assertThat(bodies()).containsExactlyElementsOf(range(0, 10));
  }

  @Test
  void namedConsumerResumesAfterContextRestart() throws Exception {
    String stream = createStream("resume");
    publish(stream, 30, i -> "m" + i);
    String uri =
        "rabbitmq-stream:" + stream + "?offset=first&consumerName=resumer&autoCommitMessageCount=7";
    CamelContext first = consume(uri);
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 30);
    // stopping stores the last processed offset (29) even though 30 is not a multiple of 7
    first.stop();
    assertThat(admin.queryStreamStats(stream).committedChunkId()).isGreaterThanOrEqualTo(0);
    publish(stream, 10, i -> "m" + (30 + i));
    received.clear();
    consume(uri);
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 10);
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    assertThat(bodies()).containsExactlyElementsOf(range(30, 40));
  }

  @Test
  void manualCommitStoresOnlyWhenTheRouteCommits() throws Exception {
    String stream = createStream("manual");
    publish(stream, 20, i -> "m" + i);
    CamelContext context = newContext();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("rabbitmq-stream:" + stream + "?offset=first&consumerName=man&offsetTracking=manual&allowManualCommit=true")
                .process(
                    e -> {
                      received.add(e.copy());
                      // store at offset 9 only: a restart resumes at 10
                      if (e.getIn().getHeader(RabbitMqStreamConstants.OFFSET, Long.class) == 9L) {
                        e.getIn()
                            .getHeader(RabbitMqStreamConstants.MANUAL_COMMIT, RabbitMqStreamManualCommit.class)
                            .commit();
                      }
                    });
          }
        });
    context.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 20);
    await().atMost(Duration.ofSeconds(10)).until(() -> storedOffset(stream, "man") == 9L);
    context.stop();
    assertThat(storedOffset(stream, "man")).isEqualTo(9L);
  }

  @Test
  void filteringDeliversOnlyMatchingSymbols() throws Exception {
    String stream = createStream("filter");
    // publish through the component so that the filter value is set by the producer
    CamelContext producer = newContext();
    producer.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:ticks").to("rabbitmq-stream:" + stream + "?filterValue=${header.symbol}");
          }
        });
    producer.start();
    String[] symbols = {"AAPL", "MSFT", "GOOG", "AMZN"};
    var template = producer.createProducerTemplate();
    for (int round = 0; round < 5; round++) {
      for (int i = 0; i < 200; i++) {
        String symbol = symbols[i % symbols.length];
        template.sendBodyAndHeader("direct:ticks", symbol + "-" + round + "-" + i, "symbol", symbol);
      }
    }
    consume("rabbitmq-stream:" + stream + "?offset=first&filterValues=AAPL,GOOG");
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 500);
    await().pollDelay(Duration.ofSeconds(1)).until(() -> true);
    assertThat(received).hasSize(500);
    assertThat(received)
        .allSatisfy(e -> assertThat(e.getIn().getHeader("symbol")).isIn("AAPL", "GOOG"));
  }

  @Test
  void missingStreamFailsStartUpWithClearMessage() {
    String stream = newStreamName("missing");
    assertThatThrownBy(() -> consume("rabbitmq-stream:" + stream))
        .hasStackTraceContaining("Stream '" + stream + "' does not exist")
        .hasStackTraceContaining("declare=true");
  }

  @Test
  void declareCreatesTheStreamWithRetention() throws Exception {
    String stream = newStreamName("declare");
    consume(
        "rabbitmq-stream:"
            + stream
            + "?declare=true&maxAge=24h&maxLengthBytes=10000000000&maxSegmentSizeBytes=500000000");
    assertThat(admin.streamExists(stream)).isTrue();
  }

  @Test
  void malformedOptionFailsStartUpNamingTheOption() {
    String stream = createStream("bad");
    assertThatThrownBy(() -> consume("rabbitmq-stream:" + stream + "?offset=yesterday"))
        .hasStackTraceContaining("option offset")
        .hasStackTraceContaining("valid values: first, last, next");
  }

  @Test
  void slowRouteSlowsTheReadInsteadOfBuffering() throws Exception {
    String stream = createStream("slow");
    publish(stream, 5000, i -> "m" + i);
    CamelContext context = newContext();
    java.util.concurrent.Semaphore gate = new java.util.concurrent.Semaphore(0);
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("rabbitmq-stream:" + stream + "?offset=first&initialCredits=1")
                .process(
                    e -> {
                      received.add(e);
                      gate.acquire(); // the route is blocked until the test lets it go
                    });
          }
        });
    context.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    // blocked: nothing else reaches the route while the first exchange is in it
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    assertThat(received).hasSize(1);
    gate.release(Integer.MAX_VALUE / 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 5000);
  }
}
