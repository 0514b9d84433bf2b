package io.marketwire.component.stream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.testsupport.Broker;
import io.marketwire.testsupport.BrokerServices;
import io.marketwire.testsupport.RestartsBrokers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Restarts the shared broker (stop_app/start_app) while routes publish from several threads and
 * another route reads, and compares what the senders sent with what the stream holds: every
 * message is there exactly once and no exchange failed, because the producer holds and re-sends
 * what the broker did not confirm, and a named producer's ids make any re-send of a stored message
 * a duplicate the broker drops. Runs only when asked, since it restarts the broker everyone shares:
 * {@code -Dmarketwire.it.brokerRestart=true} (the default in {@code ./marketwire test}).
 */
@Tag("broker-restart")
@RestartsBrokers
class RabbitMqStreamBrokerRestartIT extends RabbitMqStreamITSupport {

  @Test
  void namedProducerKeepsEveryMessageExactlyOnceThroughABrokerRestart() throws Exception {
    String stream = createStream("restart");
    Set<String> consumed = ConcurrentHashMap.newKeySet();
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

    List<String> sent = new ArrayList<>();
    AtomicInteger failed = new AtomicInteger();
    CompletableFuture<Void> restart = null;
    int confirmedAfterRestart = 0;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (confirmedAfterRestart < 2000 && System.nanoTime() < deadline) {
      // a window of concurrent sends (the template's thread pool): ids must still reach the
      // broker in order, or a re-send would be dropped as a duplicate
      List<CompletableFuture<Exchange>> window = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String body = "m" + sent.size();
        sent.add(body);
        window.add(template.asyncSend("direct:in", e -> e.getIn().setBody(body.getBytes())));
      }
      boolean restartedBeforeWindow = restart != null && restart.isDone();
      for (CompletableFuture<Exchange> f : window) {
        // an exchange completes only once confirmed: through a restart this waits for the broker
        Exchange e = f.get(120, TimeUnit.SECONDS);
        if (e.getException() != null) {
          failed.incrementAndGet();
        } else if (restartedBeforeWindow) {
          confirmedAfterRestart++;
        }
      }
      if (restart == null && sent.size() >= 2000) {
        restart = CompletableFuture.runAsync(() -> BrokerServices.get().restart(Broker.RABBITMQ));
      }
    }
    assertThat(restart).as("the broker was restarted").isNotNull();
    restart.get(1, TimeUnit.SECONDS);
    assertThat(confirmedAfterRestart).as("publishing went on after the restart").isGreaterThanOrEqualTo(2000);
    assertThat(failed.get()).as("exchanges that failed (dropped messages)").isZero();

    // what the stream holds, against what was sent: each message exactly once
    List<String> stored = readAll(stream, sent.size());
    Map<String, Integer> copies = new HashMap<>();
    stored.forEach(b -> copies.merge(b, 1, Integer::sum));
    Set<String> missing = new TreeSet<>(sent);
    missing.removeAll(copies.keySet());
    List<String> doubled = copies.entrySet().stream().filter(c -> c.getValue() > 1).map(Map.Entry::getKey).toList();
    System.out.printf(
        "broker restart: sent=%d stored=%d missing=%d doubled=%d%n",
        sent.size(), stored.size(), missing.size(), doubled.size());
    assertThat(missing).as("sent but not in the stream").isEmpty();
    assertThat(doubled).as("in the stream more than once").isEmpty();
    assertThat(stored).hasSameSizeAs(sent);

    // the consumer route was never restarted: it recovered and read on
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              Set<String> notConsumed = new TreeSet<>(sent);
              notConsumed.removeAll(consumed);
              assertThat(notConsumed).as("sent but not consumed").isEmpty();
            });
  }
}
