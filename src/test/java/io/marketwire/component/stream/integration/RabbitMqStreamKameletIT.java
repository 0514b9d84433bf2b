package io.marketwire.component.stream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;

/** The kamelets in kamelets/ load from the folder and move messages through a real stream. */
class RabbitMqStreamKameletIT extends RabbitMqStreamITSupport {

  @Test
  void sinkAndSourceKameletsRoundTrip() throws Exception {
    String stream = newStreamName("kamelet");
    CamelContext context = newContext();
    // what camel.component.kamelet.location=file:kamelets does under Camel Main
    context.getPropertiesComponent().addInitialProperty("broker.password", BROKER.rabbitPassword());
    context.getComponent("kamelet", org.apache.camel.component.kamelet.KameletComponent.class)
        .setLocation("file:kamelets");
    String connection =
        "host=" + BROKER.rabbitHost()
            + "&port=" + BROKER.streamPort()
            + "&username=" + BROKER.rabbitUsername()
            + "&password={{broker.password}}"
            + "&virtualHost=" + BROKER.virtualHost();
    Set<String> received = ConcurrentHashMap.newKeySet();
    context.addRoutes(
        new RouteBuilder() {
          @Override
          public void configure() {
            from("direct:in")
                .routeId("to-sink")
                .to("kamelet:rabbitmq-stream-sink?stream=" + stream + "&declare=true&" + connection);
            from("kamelet:rabbitmq-stream-source?stream=" + stream + "&offset=first&" + connection)
                .routeId("from-source")
                .autoStartup(false)
                .process(e -> received.add(text(e.getIn().getBody())));
          }
        });
    context.start();
    ProducerTemplate template = context.createProducerTemplate();
    for (int i = 0; i < 100; i++) {
      template.sendBody("direct:in", ("k" + i).getBytes());
    }
    context.getRouteController().startRoute("from-source");
    await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 100);
    List<String> expected = IntStream.range(0, 100).mapToObj(i -> "k" + i).toList();
    assertThat(received).containsExactlyInAnyOrderElementsOf(expected.stream().collect(Collectors.toSet()));
  }
}
