package io.marketwire.component.redisstream.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kamelet.KameletComponent;
import org.junit.jupiter.api.Test;

/** The two kamelets in kamelets/, loaded from the folder the way the app loads them. */
class RedisStreamKameletIT extends RedisStreamITSupport {

  @Test
  void sinkAddsAndSourceReadsThroughAGroup() throws Exception {
    List<Map<String, String>> received = new CopyOnWriteArrayList<>();
    String connection =
        "host="
            + SETTINGS.redisHost()
            + "&port="
            + SETTINGS.redisPort()
            + "&password=RAW("
            + SETTINGS.redisPassword()
            + ")&tls="
            + SETTINGS.redisTls();
    String sink = "kamelet:redis-stream-sink?stream=" + stream + "&maxLen=1000&" + connection;
    String source =
        "kamelet:redis-stream-source?stream="
            + stream
            + "&group=k&startId=0&blockMillis=200&"
            + connection;
    CamelContext context =
        startContext(
            new RouteBuilder() {
              @Override
              public void configure() {
                from("direct:quotes").to(sink);
                from(source).process(e -> received.add(fieldsOf(e)));
              }
            },
            c -> c.getComponent("kamelet", KameletComponent.class).setLocation("file:kamelets"));
    context
        .createProducerTemplate()
        .sendBody("direct:quotes", Map.of("symbol", "AAPL", "price", "190"));
    await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);
    assertThat(received.get(0)).containsEntry("symbol", "AAPL").containsEntry("price", "190");
    await().atMost(Duration.ofSeconds(5)).until(() -> pending("k") == 0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> fieldsOf(org.apache.camel.Exchange e) {
    return e.getMessage().getBody(Map.class);
  }
}
