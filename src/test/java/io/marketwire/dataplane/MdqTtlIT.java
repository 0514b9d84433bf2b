package io.marketwire.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketwire.testsupport.RunningApp;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The MDQ queues the MDP declares drop messages older than 5 s: with the trades processor
 * stopped, published trades sit in its queue and are gone 5 s later, without any consumer.
 */
@Tag("integration")
class MdqTtlIT {

  @Test
  void messagesOlderThanFiveSecondsExpire() throws Exception {
    try (DataplaneFixture fixture = new DataplaneFixture()) {
      Map<String, String> overrides = fixture.overrides();
      overrides.put("marketwire.upstream.server.enabled", "false");
      try (RunningApp app = RunningApp.start("file:routes/dataplane/mdp/mdp.camel.yaml", overrides)) {
        app.context().getRouteController().stopRoute("mdp-trades");
        CachingConnectionFactory factory = fixture.rabbit();
        try {
          RabbitAdmin admin = new RabbitAdmin(factory);
          RabbitTemplate template = new RabbitTemplate(factory);
          String queue = fixture.queuePrefix + "trades";
          MessageProperties properties = new MessageProperties();
          properties.setDeliveryMode(MessageDeliveryMode.NON_PERSISTENT);
          long sent = System.nanoTime();
          for (int i = 0; i < 5; i++) {
            template.send(
                fixture.exchange,
                "T.TTLTEST",
                new org.springframework.amqp.core.Message(
                    ("{\"ev\":\"T\",\"sym\":\"TTLTEST\",\"p\":1,\"s\":1,\"t\":1,\"q\":" + i + "}").getBytes(), properties));
          }
          await().atMost(Duration.ofSeconds(3)).until(() -> depth(admin, queue) == 5);
          await().pollInterval(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10)).until(() -> depth(admin, queue) == 0);
          long waitedMillis = (System.nanoTime() - sent) / 1_000_000;
          assertThat(waitedMillis).as("expired after the 5 s TTL, not before").isBetween(4_500L, 9_000L);
        } finally {
          factory.destroy();
        }
      }
    }
  }

  private static int depth(RabbitAdmin admin, String queue) {
    Properties properties = admin.getQueueProperties(queue);
    return properties == null ? -1 : ((Number) properties.get(RabbitAdmin.QUEUE_MESSAGE_COUNT)).intValue();
  }
}
