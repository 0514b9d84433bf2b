package io.marketwire.component.stream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.component.stream.RabbitMqStreamConstants;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

class RabbitMqStreamSingleActiveConsumerIT extends RabbitMqStreamITSupport {

  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> perInstance = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> partitionsPerInstance = new ConcurrentHashMap<>();

  private CamelContext instance(String name, String uri) throws Exception {
    CamelContext context = newContext();
    perInstance.put(name, new AtomicInteger());
    partitionsPerInstance.put(name, ConcurrentHashMap.newKeySet());
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from(uri)
                .process(
                    e -> {
                      seen.add(text(e.getIn().getBody()));
                      perInstance.get(name).incrementAndGet();
                      partitionsPerInstance
                          .get(name)
                          .add(e.getIn().getHeader(RabbitMqStreamConstants.PARTITION, String.class));
                    });
          }
        });
    context.start();
    return context;
  }

  @Test
  void failoverBetweenTwoContextsLeavesNoGap() throws Exception {
    String stream = createStream("sac");
    String uri =
        "rabbitmq-stream:"
            + stream
            + "?offset=first&consumerName=md-sac&singleActiveConsumer=true&autoCommitMessageCount=50";
    CamelContext a = instance("a", uri);
    await().atMost(Duration.ofSeconds(10)).until(() -> a.getRoutes().get(0).getConsumer() != null);
    CamelContext b = instance("b", uri);
    publish(stream, 500, i -> "m" + i);
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 500);
    // only one instance was active
    assertThat(perInstance.get("a").get() == 0 || perInstance.get("b").get() == 0).isTrue();
    CamelContext active = perInstance.get("a").get() > 0 ? a : b;
    String standby = active == a ? "b" : "a";
    active.stop();
    publish(stream, 500, i -> "m" + (500 + i));
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 1000);
    assertThat(seen)
        .containsAll(IntStream.range(0, 1000).mapToObj(i -> "m" + i).collect(Collectors.toSet()));
    assertThat(perInstance.get(standby).get()).isGreaterThanOrEqualTo(500);
  }

  @Test
  void superStreamHasOneActiveConsumerPerPartition() throws Exception {
    String superStream = newSuperStreamName("sacsup");
    CamelContext producer = newContext();
    producer.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:in")
                .to(
                    "rabbitmq-stream:"
                        + superStream
                        + "?superStream=true&declare=true&partitions=3&routingKey=${header.symbol}");
          }
        });
    producer.start();
    ProducerTemplate template = producer.createProducerTemplate();
    String uri =
        "rabbitmq-stream:"
            + superStream
            + "?superStream=true&offset=first&consumerName=md-part&singleActiveConsumer=true";
    CamelContext a = instance("a", uri);
    CamelContext b = instance("b", uri);
    for (int i = 0; i < 300; i++) {
      template.sendBodyAndHeader("direct:in", "m" + i, "symbol", "S" + (i % 60));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 300);
    // the broker rebalances partitions when the second instance joins (the first one may have
    // been active on all of them for a moment); look at the steady state that follows
    partitionsPerInstance.values().forEach(Set::clear);
    for (int i = 300; i < 600; i++) {
      template.sendBodyAndHeader("direct:in", "m" + i, "symbol", "S" + (i % 60));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 600);
    // each partition is read by exactly one instance, and both instances work
    Set<String> pa = partitionsPerInstance.get("a");
    Set<String> pb = partitionsPerInstance.get("b");
    assertThat(pa).doesNotContainAnyElementsOf(pb);
    assertThat(pa.size() + pb.size()).isEqualTo(3);
    assertThat(pa).isNotEmpty();
    assertThat(pb).isNotEmpty();
    // stop one: the other takes over its partitions from the stored offsets
    a.stop();
    for (int i = 600; i < 900; i++) {
      template.sendBodyAndHeader("direct:in", "m" + i, "symbol", "S" + (i % 60));
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() >= 900);
    assertThat(partitionsPerInstance.get("b")).hasSize(3);
  }
}
