package io.marketwire.component.stream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Restarts the shared broker once (stop_app/start_app) while a route publishes and another reads.
 * Other engineers share that broker, so it runs only when asked:
 * {@code -Dit.test=RabbitMqStreamBrokerRestartIT -Dmarketwire.it.brokerRestart=true}.
 */
@Tag("broker-restart")
@EnabledIfSystemProperty(named = "marketwire.it.brokerRestart", matches = "true")
class RabbitMqStreamBrokerRestartIT extends RabbitMqStreamITSupport {

  @Test
  void brokerRestartLosesNoConfirmedMessageAndConsumerResumes() throws Exception {
    String stream = createStream("restart");
    Set<String> confirmed = ConcurrentHashMap.newKeySet();
    Set<String> consumed = ConcurrentHashMap.newKeySet();
    AtomicInteger failed = new AtomicInteger();
    CamelContext context = newContext();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:in").to("rabbitmq-stream:" + stream + "?producerName=restart-p");
            from("rabbitmq-stream:" + stream + "?offset=first")
                .process(e -> consumed.add(text(e.getIn().getBody())));
          }
        });
    context.start();
    ProducerTemplate template = context.createProducerTemplate();

    AtomicBoolean restarted = new AtomicBoolean();
    CompletableFuture<Integer> restart = null;
    int next = 0;
    int confirmedAfterRestart = 0;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (confirmedAfterRestart < 2000 && System.nanoTime() < deadline) {
      List<CompletableFuture<Exchange>> window = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String body = "m" + next++;
        window.add(template.asyncSend("direct:in", e -> e.getIn().setBody(body.getBytes())));
      }
      for (CompletableFuture<Exchange> f : window) {
        Exchange e = f.get(60, TimeUnit.SECONDS);
        if (e.getException() == null) {
          confirmed.add(text(e.getIn().getBody()));
          if (restarted.get()) {
            confirmedAfterRestart++;
          }
        } else {
          failed.incrementAndGet();
        }
      }
      if (restart == null && confirmed.size() >= 2000) {
        restart = CompletableFuture.supplyAsync(RabbitMqStreamBrokerRestartIT::restartBroker);
      }
      if (restart != null && restart.isDone() && !restarted.get()) {
        assertThat(restart.get()).as("restart command exit code").isZero();
        restarted.set(true);
      }
    }
    assertThat(restarted).as("the broker was restarted").isTrue();
    assertThat(confirmedAfterRestart).as("publishing resumed after the restart").isGreaterThanOrEqualTo(2000);

    // the consumer route was never restarted: it recovered and read on
    List<String> stored = readAll(stream, confirmed.size());
    Set<String> missingInStream = new java.util.TreeSet<>(confirmed);
    missingInStream.removeAll(stored);
    System.out.printf(
        "after restart: confirmed=%d stored=%d consumed=%d missingInStream=%s%n",
        confirmed.size(), stored.size(), consumed.size(), missingInStream.stream().limit(20).toList());
    // every confirmed message is in the stream
    assertThat(missingInStream).isEmpty();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Set<String> missing = new java.util.TreeSet<>(confirmed);
              missing.removeAll(consumed);
              assertThat(missing).as("confirmed but not consumed").isEmpty();
            });
    System.out.printf(
        "broker restart: %d confirmed, %d failed (unconfirmed, left to the route), %d stored%n",
        confirmed.size(), failed.get(), stored.size());
  }

  private static int restartBroker() {
    io.marketwire.testsupport.BrokerControl.restart("rabbitmq");
    return 0;
  }

}
