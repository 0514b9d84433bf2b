package io.marketwire.component.stream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.component.stream.RabbitMqStreamConstants;
import io.marketwire.component.stream.RabbitMqStreamManualCommit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** Batch mode of the consumer against the real broker: what a batch holds, and when offsets are stored. */
class RabbitMqStreamBatchConsumerIT extends RabbitMqStreamITSupport {

  /** Every batch the route saw, as the bodies of its messages, in order. */
  private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

  private CamelContext consume(String uri, Processor before) throws Exception {
    CamelContext context = newContext();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(uri)
                .routeId("batches")
                .process(
                    e -> {
                      @SuppressWarnings("unchecked")
                      List<Message> messages = e.getIn().getBody(List.class);
                      batches.add(messages.stream().map(m -> text(m.getBody())).toList());
                    })
                .process(before);
          }
        });
    context.start();
    return context;
  }

  private List<String> allBodies() {
    synchronized (batches) {
      return batches.stream().flatMap(List::stream).toList();
    }
  }

  private static List<String> range(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "m" + i).toList();
  }

  @Test
  void aBatchCarriesItsMessagesInOrderWithTheirHeaders() throws Exception {
    String stream = createStream("batch-shape");
    publish(stream, 1000, i -> "m" + i);
    List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    consume(
        "rabbitmq-stream:" + stream + "?offset=first&batching=true&batchMaxSize=300&batchTimeout=200ms",
        e -> exchanges.add(e.copy()));
    await().atMost(Duration.ofSeconds(20)).until(() -> allBodies().size() >= 1000);
    assertThat(allBodies()).containsExactlyElementsOf(range(0, 1000));
    assertThat(batches).allSatisfy(b -> assertThat(b).hasSizeLessThanOrEqualTo(300));
    // full batches are handed over at once, the rest after the timeout
    assertThat(batches.get(0)).hasSize(300);
    Exchange first = exchanges.get(0);
    assertThat(first.getIn().getHeader(RabbitMqStreamConstants.BATCH_SIZE)).isEqualTo(300);
    assertThat(first.getIn().getHeader(RabbitMqStreamConstants.BATCH_FIRST_OFFSET)).isEqualTo(0L);
    assertThat(first.getIn().getHeader(RabbitMqStreamConstants.BATCH_LAST_OFFSET)).isEqualTo(299L);
    @SuppressWarnings("unchecked")
    List<Message> messages = first.getIn().getBody(List.class);
    assertThat(messages.get(7).getHeader(RabbitMqStreamConstants.OFFSET)).isEqualTo(7L);
    assertThat(messages.get(7).getHeader(RabbitMqStreamConstants.STREAM)).isEqualTo(stream);
  }

  @Test
  void aPartialBatchIsHandedOverAfterTheTimeout() throws Exception {
    String stream = createStream("batch-partial");
    publish(stream, 7, i -> "m" + i);
    consume("rabbitmq-stream:" + stream + "?offset=first&batching=true&batchMaxSize=500&batchTimeout=100ms", e -> {});
    await().atMost(Duration.ofSeconds(10)).until(() -> allBodies().size() >= 7);
    assertThat(batches).hasSize(1);
    assertThat(batches.get(0)).containsExactlyElementsOf(range(0, 7));
  }

  @Test
  void theOffsetIsStoredOnlyAfterTheRouteFinishedTheBatch() throws Exception {
    String stream = createStream("batch-store");
    publish(stream, 400, i -> "m" + i);
    AtomicLong storedWhileInRoute = new AtomicLong(Long.MIN_VALUE);
    AtomicBoolean checked = new AtomicBoolean();
    consume(
        "rabbitmq-stream:" + stream + "?offset=first&consumerName=b1&batching=true&batchMaxSize=100&batchTimeout=1s",
        e -> {
          // during the third batch (offsets 200..299) the broker must hold the second's last offset
          if (e.getIn().getHeader(RabbitMqStreamConstants.BATCH_FIRST_OFFSET, Long.class) == 200L
              && checked.compareAndSet(false, true)) {
            storedWhileInRoute.set(storedOffset(stream, "b1"));
          }
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> allBodies().size() >= 400);
    await().atMost(Duration.ofSeconds(10)).until(() -> storedOffset(stream, "b1") == 399L);
    assertThat(storedWhileInRoute.get()).isEqualTo(199L);
  }

  @Test
  void aBatchTheRouteFailsOnIsProcessedAgainFromItsFirstMessageAndNothingIsSkipped() throws Exception {
    String stream = createStream("batch-fail");
    publish(stream, 300, i -> "m" + i);
    AtomicBoolean failedOnce = new AtomicBoolean();
    consume(
        "rabbitmq-stream:" + stream
            + "?offset=first&consumerName=b2&batching=true&batchMaxSize=100&batchTimeout=1s&retryDelay=50ms",
        e -> {
          @SuppressWarnings("unchecked")
          List<Message> messages = e.getIn().getBody(List.class);
          // the middle batch fails the first time, at its 51st message
          if (text(messages.get(0).getBody()).equals("m100") && failedOnce.compareAndSet(false, true)) {
            throw new IllegalStateException("transient failure at m150");
          }
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> allBodies().size() >= 400);
    await().atMost(Duration.ofSeconds(10)).until(() -> storedOffset(stream, "b2") == 299L);
    // four batches: the failed one twice, whole, from its first message; nothing after it ran first
    assertThat(batches).hasSize(4);
    assertThat(batches.get(1)).containsExactlyElementsOf(range(100, 200));
    assertThat(batches.get(2)).containsExactlyElementsOf(range(100, 200));
    assertThat(batches.get(3)).containsExactlyElementsOf(range(200, 300));
  }

  @Test
  void aStoppedConsumerResumesAfterTheLastFinishedBatch() throws Exception {
    String stream = createStream("batch-resume");
    publish(stream, 250, i -> "m" + i);
    String uri =
        "rabbitmq-stream:" + stream + "?offset=first&consumerName=b3&batching=true&batchMaxSize=100&batchTimeout=100ms";
    CamelContext first = consume(uri, e -> {});
    await().atMost(Duration.ofSeconds(20)).until(() -> allBodies().size() >= 250);
    await().atMost(Duration.ofSeconds(10)).until(() -> storedOffset(stream, "b3") == 249L);
    first.stop();
    batches.clear();
    publish(stream, 50, i -> "n" + i);
    consume(uri, e -> {});
    await().atMost(Duration.ofSeconds(20)).until(() -> allBodies().size() >= 50);
    assertThat(allBodies()).containsExactlyElementsOf(IntStream.range(0, 50).mapToObj(i -> "n" + i).toList());
  }

  @Test
  void manualCommitStoresTheBatchsLastOffsetWhenTheRouteCommits() throws Exception {
    String stream = createStream("batch-manual");
    publish(stream, 300, i -> "m" + i);
    consume(
        "rabbitmq-stream:" + stream
            + "?offset=first&consumerName=b4&offsetTracking=MANUAL&allowManualCommit=true"
            + "&batching=true&batchMaxSize=100&batchTimeout=1s",
        e -> {
          RabbitMqStreamManualCommit commit =
              e.getIn().getHeader(RabbitMqStreamConstants.MANUAL_COMMIT, RabbitMqStreamManualCommit.class);
          // commit only the first batch
          if (commit.offset() == 99L) {
            commit.commit();
          }
        });
    await().atMost(Duration.ofSeconds(20)).until(() -> allBodies().size() >= 300);
    await().atMost(Duration.ofSeconds(10)).until(() -> storedOffset(stream, "b4") == 99L);
    // the later batches succeeded but were not committed: nothing moves the stored offset
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> storedOffset(stream, "b4") == 99L);
  }
}
