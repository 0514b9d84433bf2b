package io.marketwire.component.stream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.marketwire.component.stream.RabbitMqStreamConstants;
import io.marketwire.component.stream.RabbitMqStreamPublishException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RabbitMqStreamProducerIT extends RabbitMqStreamITSupport {

  private ProducerTemplate templateFor(String uri) throws Exception {
    CamelContext context = newContext();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:in").to(uri);
          }
        });
    context.start();
    return context.createProducerTemplate();
  }

  @Test
  void publishesWithConfirmAndMapsHeadersBothWays() throws Exception {
    String stream = createStream("props");
    ProducerTemplate template = templateFor("rabbitmq-stream:" + stream);
    Map<String, Object> headers = new HashMap<>();
    headers.put(RabbitMqStreamConstants.MESSAGE_ID, "id-1");
    headers.put(RabbitMqStreamConstants.CORRELATION_ID, "corr-1");
    headers.put(RabbitMqStreamConstants.CONTENT_TYPE, "application/octet-stream");
    headers.put("symbol", "AAPL");
    headers.put("qty", 100L);
    headers.put("live", true);
    template.sendBodyAndHeaders("direct:in", "tick".getBytes(), headers);

    List<Exchange> got = Collections.synchronizedList(new ArrayList<>());
    CamelContext consumer = newContext();
    consumer.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("rabbitmq-stream:" + stream + "?offset=first").process(e -> got.add(e.copy()));
          }
        });
    consumer.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> got.size() == 1);
    org.apache.camel.Message m = got.get(0).getIn();
    assertThat(text(m.getBody())).isEqualTo("tick");
    assertThat(m.getHeader(RabbitMqStreamConstants.MESSAGE_ID)).isEqualTo("id-1");
    assertThat(m.getHeader(RabbitMqStreamConstants.CORRELATION_ID)).isEqualTo("corr-1");
    assertThat(m.getHeader(RabbitMqStreamConstants.CONTENT_TYPE)).isEqualTo("application/octet-stream");
    assertThat(m.getHeader("symbol")).isEqualTo("AAPL");
    assertThat(m.getHeader("qty")).isEqualTo(100L);
    assertThat(m.getHeader("live")).isEqualTo(true);
  }

  @Test
  void samePublishingIdsTwiceAreStoredOnce() throws Exception {
    String stream = createStream("dedup");
    String uri = "rabbitmq-stream:" + stream + "?producerName=ticker-1";
    ProducerTemplate template = templateFor(uri);
    for (int round = 0; round < 2; round++) {
      for (long id = 1; id <= 100; id++) {
        template.sendBodyAndHeader("direct:in", "m" + id, RabbitMqStreamConstants.PUBLISHING_ID, id);
      }
    }
    // and a producer restarted with the same name, re-sending the tail
    ProducerTemplate again = templateFor(uri);
    for (long id = 90; id <= 110; id++) {
      again.sendBodyAndHeader("direct:in", "m" + id, RabbitMqStreamConstants.PUBLISHING_ID, id);
    }
    List<String> stored = readAll(stream, 110);
    assertThat(stored)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 110).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void namedProducerSequenceContinuesAfterRestart() throws Exception {
    String stream = createStream("seq");
    String uri = "rabbitmq-stream:" + stream + "?producerName=seq-1";
    ProducerTemplate template = templateFor(uri);
    for (int i = 0; i < 10; i++) {
      template.sendBody("direct:in", "a" + i);
    }
    ProducerTemplate again = templateFor(uri);
    for (int i = 0; i < 10; i++) {
      again.sendBody("direct:in", "b" + i);
    }
    // the second producer continues the sequence: nothing of it is taken for a duplicate
    assertThat(readAll(stream, 20)).hasSize(20);
  }

  @Test
  void namedProducerWithConcurrentSendersLosesNothing() throws Exception {
    // regression: concurrent sends on a named producer could queue publishing ids out of order
    // and the broker dropped (and confirmed) the lower ones as duplicates
    String stream = createStream("concurrent");
    ProducerTemplate template = templateFor("rabbitmq-stream:" + stream + "?producerName=conc-1");
    List<java.util.concurrent.CompletableFuture<Object>> sent = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      sent.add(template.asyncSendBody("direct:in", "m" + i));
    }
    for (var f : sent) {
      f.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
    assertThat(readAll(stream, 20_000)).hasSize(20_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "gzip", "zstd", "lz4", "snappy"})
  void subEntryBatchingWithEveryCompression(String compression) throws Exception {
    String stream = createStream("comp-" + compression);
    ProducerTemplate template =
        templateFor(
            "rabbitmq-stream:" + stream + "?subEntrySize=20&compression=" + compression);
    List<java.util.concurrent.CompletableFuture<Object>> sent = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      sent.add(template.asyncSendBody("direct:in", "m" + i));
    }
    for (var f : sent) {
      f.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }
    List<String> stored = readAll(stream, 200);
    assertThat(stored).containsExactlyInAnyOrderElementsOf(
        IntStream.range(0, 200).mapToObj(i -> "m" + i).toList());
  }

  @Test
  void superStreamSpreadsByHashAcrossPartitions() throws Exception {
    String superStream = newSuperStreamName("sup");
    ProducerTemplate template =
        templateFor(
            "rabbitmq-stream:"
                + superStream
                + "?superStream=true&declare=true&partitions=3&routingKey=${header.symbol}");
    for (int i = 0; i < 300; i++) {
      template.sendBodyAndHeader("direct:in", "m" + i, "symbol", "SYM" + (i % 30));
    }
    int total = 0;
    for (int p = 0; p < 3; p++) {
      String partition = superStream + "-" + p;
      long count = admin.queryStreamStats(partition).committedChunkId() >= 0 ? readAll(partition, 1).size() : 0;
      assertThat(count).as("partition %s gets messages", partition).isGreaterThan(0);
      total += count;
    }
    assertThat(total).isEqualTo(300);
  }

  @Test
  void superStreamRoutesByKeyTable() throws Exception {
    String superStream = newSuperStreamName("keys");
    ProducerTemplate template =
        templateFor(
            "rabbitmq-stream:"
                + superStream
                + "?superStream=true&declare=true&bindingKeys=eu,us&routingStrategy=key");
    for (int i = 0; i < 10; i++) {
      template.sendBodyAndHeader("direct:in", "eu" + i, RabbitMqStreamConstants.ROUTING_KEY, "eu");
      template.sendBodyAndHeader("direct:in", "us" + i, RabbitMqStreamConstants.ROUTING_KEY, "us");
    }
    assertThat(readAll(superStream + "-eu", 10)).allMatch(b -> b.startsWith("eu")).hasSize(10);
    assertThat(readAll(superStream + "-us", 10)).allMatch(b -> b.startsWith("us")).hasSize(10);
    // a key with no binding fails the exchange instead of vanishing
    assertThatThrownBy(
            () -> template.sendBodyAndHeader("direct:in", "x", RabbitMqStreamConstants.ROUTING_KEY, "asia"))
        .isInstanceOf(CamelExecutionException.class)
        .hasCauseInstanceOf(RabbitMqStreamPublishException.class)
        .hasStackTraceContaining("no partition");
  }

  @Test
  void overrideHeaderSendsToAnotherStreamDeclaredWithTheEndpointsOptions() throws Exception {
    String main = createStream("main");
    String other = newStreamName("override");
    ProducerTemplate template = templateFor("rabbitmq-stream:" + main + "?declare=true&maxAge=1h");
    List<Exchange> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String target = i % 2 == 0 ? other : null;
      Exchange done =
          template.send(
              "direct:in",
              e -> {
                e.getMessage().setBody(("m" + e.getExchangeId()).getBytes());
                if (target != null) {
                  e.getMessage().setHeader(RabbitMqStreamConstants.OVERRIDE_STREAM, target);
                }
              });
      assertThat(done.getException()).isNull();
      sent.add(done);
    }
    assertThat(admin.streamExists(other)).as("override stream declared").isTrue();
    assertThat(readAll(other, 10)).hasSize(10);
    assertThat(readAll(main, 10)).hasSize(10);
    // read once, then removed: a later endpoint in the route must not follow it too
    assertThat(sent).allSatisfy(e -> assertThat(e.getMessage().getHeader(RabbitMqStreamConstants.OVERRIDE_STREAM)).isNull());
    admin.deleteStream(other);
  }

  @Test
  void overrideHeaderOnASuperStreamEndpointFailsTheExchange() throws Exception {
    String superStream = newSuperStreamName("nooverride");
    ProducerTemplate template =
        templateFor("rabbitmq-stream:" + superStream + "?superStream=true&declare=true&partitions=2&routingKey=${body}");
    assertThatThrownBy(
            () -> template.sendBodyAndHeader("direct:in", "x", RabbitMqStreamConstants.OVERRIDE_STREAM, "elsewhere"))
        .isInstanceOf(CamelExecutionException.class)
        .hasCauseInstanceOf(IllegalArgumentException.class)
        .hasStackTraceContaining("not supported on super stream");
  }

  @Test
  void aListBodyBecomesOneMessagePerElementConfirmedTogether() throws Exception {
    String stream = createStream("list");
    ProducerTemplate template = templateFor("rabbitmq-stream:" + stream + "?synchronous=true");
    Exchange done = template.send("direct:in", e -> {
      e.getMessage().setBody(List.of("a", "b", "c"));
      e.getMessage().setHeader("batch", 7L);
    });
    assertThat(done.getException()).isNull();
    assertThat(readAll(stream, 3)).containsExactly("a", "b", "c");
    // an empty list sends nothing and does not hang
    assertThat(template.send("direct:in", e -> e.getMessage().setBody(List.of())).getException()).isNull();
  }

  @Test
  void missingStreamFailsProducerStartUp() {
    String stream = newStreamName("nostream");
    assertThatThrownBy(() -> templateFor("rabbitmq-stream:" + stream))
        .hasStackTraceContaining("does not exist");
  }

  @Test
  void aSynchronousSendAfterAnAsynchronousOneFailsInsteadOfWaitingForItself() throws Exception {
    // the rest of the route after an asynchronous send runs on the thread that delivers confirms:
    // a synchronous send there used to wait for ever, stalling every producer's confirms
    String first = createStream("async-first");
    String second = createStream("sync-second");
    CamelContext context = newContext();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:both")
                .to("rabbitmq-stream:" + first)
                .to("rabbitmq-stream:" + second + "?synchronous=true");
          }
        });
    context.start();
    ProducerTemplate template = context.createProducerTemplate();
    assertThatThrownBy(() -> template.sendBody("direct:both", "x"))
        .hasStackTraceContaining("would wait for itself");
    // the first send was confirmed and nothing else is stuck: the first stream takes more
    template.sendBody("rabbitmq-stream:" + first, "y");
    assertThat(readAll(first, 2)).containsExactly("x", "y");
  }

  @Test
  void aBatchOfMessagesIsSentWithEachMessagesOwnHeadersIdsAndStream() throws Exception {
    String main = createStream("batch-main");
    String other = createStream("batch-other");
    CamelContext context = newContext();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:batch")
                .to("rabbitmq-stream:" + main + "?producerName=batch-1&filterValue=symbol");
          }
        });
    context.start();
    java.util.function.Supplier<List<org.apache.camel.Message>> newBatch = () -> {
    List<org.apache.camel.Message> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      org.apache.camel.Message m = new org.apache.camel.support.DefaultMessage(context);
      m.setBody(("t" + i).getBytes());
      m.setHeader("symbol", i % 2 == 0 ? "AZO" : "LII");
      m.setHeader(RabbitMqStreamConstants.PUBLISHING_ID, 100L + i);
      if (i == 9) {
        m.setHeader(RabbitMqStreamConstants.OVERRIDE_STREAM, other);
      }
      batch.add(m);
    }
    return batch;
    };
    ProducerTemplate template = context.createProducerTemplate();
    // the exchange's own header goes with every message that has none of that name
    template.sendBodyAndHeader("direct:batch", newBatch.get(), "source", "replay-1");
    // the same batch again: the broker drops the ids it stored for the name
    template.sendBodyAndHeader("direct:batch", newBatch.get(), "source", "replay-1");

    List<Exchange> got = Collections.synchronizedList(new ArrayList<>());
    CamelContext consumer = newContext();
    consumer.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("rabbitmq-stream:" + main + "?offset=first").process(e -> got.add(e.copy()));
          }
        });
    consumer.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 9);
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> got.size() == 9);
    for (int i = 0; i < 9; i++) {
      org.apache.camel.Message m = got.get(i).getIn();
      assertThat(text(m.getBody())).isEqualTo("t" + i);
      assertThat(m.getHeader("symbol")).isEqualTo(i % 2 == 0 ? "AZO" : "LII");
      assertThat(m.getHeader("x-filter-value")).isEqualTo(i % 2 == 0 ? "AZO" : "LII");
      assertThat(m.getHeader(RabbitMqStreamConstants.PUBLISHING_ID)).isEqualTo(100L + i);
      assertThat(m.getHeader("source")).isEqualTo("replay-1");
    }
    assertThat(readAll(other, 1)).containsExactly("t9");
  }
}
