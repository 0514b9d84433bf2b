package io.marketwire.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AuditEventCodecTest {

  private static final AuditEvent CREATED =
      new AuditEvent(1, "EV-7", AuditEventType.ORDER_CREATED, 1_709_303_400_123L, "ORD-1", "AZO", "BUY", 30L, 2801.5, null);

  /** What seed 001's AuditLogPublisher.log_order_created writes (json.dumps(asdict(event))). */
  @Test
  void readsSeed001sTradingEvent() {
    String seed = "{\"event_type\": \"order_created\", \"timestamp\": \"2024-03-01T14:30:00.123456\","
        + " \"data\": {\"order_id\": \"ORD-1\", \"ticker\": \"AZO\", \"quantity\": 30, \"price\": 2801.5, \"side\": \"buy\"}}";

    AuditEvent event = new AuditEventCodec().decode(seed.getBytes(StandardCharsets.UTF_8));

    assertThat(event.type()).isEqualTo(AuditEventType.ORDER_CREATED);
    assertThat(event.schemaVersion()).isEqualTo(1);
    assertThat(event.timestampMillis()).isEqualTo(1_709_303_400_123L);
    assertThat(event.orderId()).isEqualTo("ORD-1");
    assertThat(event.symbol()).isEqualTo("AZO");
    assertThat(event.side()).isEqualTo("BUY");
    assertThat(event.quantity()).isEqualTo(30L);
    assertThat(event.price()).isEqualTo(2801.5);
  }

  @Test
  void writesTheSeedShapeThatReadsBackTheSame() throws Exception {
    AuditEventCodec seed = new AuditEventCodec(AuditEventCodec.Format.SEED);

    byte[] json = seed.encode(CREATED);

    JsonNode tree = new ObjectMapper().readTree(json);
    assertThat(tree.size()).as("exactly the dataclass's three keys").isEqualTo(3);
    assertThat(tree.path("event_type").asText()).isEqualTo("order_created");
    assertThat(tree.path("timestamp").asText()).isEqualTo("2024-03-01T14:30:00.123");
    assertThat(tree.path("data").path("ticker").asText()).isEqualTo("AZO");
    assertThat(new AuditEventCodec().decode(json)).isEqualTo(CREATED);
  }

  @Test
  void marketwiresShapeStillReadsAndMarketDataIsAType() {
    AuditEventCodec codec = new AuditEventCodec();
    AuditEvent price = new AuditEvent(1, "EV-8", AuditEventType.MARKET_DATA, 5L, null, "AZO", null, null, 2801.25, null);

    assertThat(codec.decode(codec.encode(CREATED))).isEqualTo(CREATED);
    assertThat(codec.decode(codec.encode(price))).isEqualTo(price);
  }

  @Test
  void anUnknownSeedTypeIsAClearError() {
    byte[] json = "{\"event_type\": \"order_teleported\", \"timestamp\": \"2024-03-01T14:30:00\", \"data\": {}}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> new AuditEventCodec().decode(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("order_teleported");
  }
}
