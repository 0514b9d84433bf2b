package io.marketwire.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketwire.model.MarketData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class TickBatchAggregationStrategyTest {

  private final CamelContext context = new DefaultCamelContext();
  private final TickBatchAggregationStrategy strategy = new TickBatchAggregationStrategy("offset", 2);

  private Exchange tick(String symbol, Object offset) {
    Exchange e = new DefaultExchange(context);
    e.getMessage().setBody(new MarketData(symbol, 9.9, 1, 10.1, 1, 10.0, 5, 5, 1_700_000_000_000_000_000L, "X", 1));
    e.getMessage().setHeader("offset", offset);
    return e;
  }

  @Test
  void keepsEachTickWithItsOffsetInArrivalOrderAndGrowsPastTheExpectedSize() {
    Exchange batch = null;
    for (int i = 0; i < 5; i++) {
      batch = strategy.aggregate(batch, tick("S" + i, 100L + i));
    }
    TickBatch ticks = batch.getMessage().getBody(TickBatch.class);
    assertThat(ticks.size()).isEqualTo(5);
    for (int i = 0; i < 5; i++) {
      assertThat(ticks.tick(i).symbol()).isEqualTo("S" + i);
      assertThat(ticks.offset(i)).isEqualTo(100L + i);
    }
  }

  @Test
  void aTickWithoutAnOffsetIsMarkedSo() {
    Exchange batch = strategy.aggregate(null, tick("A", null));
    assertThat(batch.getMessage().getBody(TickBatch.class).offset(0)).isEqualTo(TickBatch.NO_OFFSET);
  }

  @Test
  void anUndecodedBodyIsRefusedWithItsType() {
    Exchange raw = new DefaultExchange(context);
    raw.getMessage().setBody(new byte[] {1, 2});
    assertThatThrownBy(() -> strategy.aggregate(null, raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[B");
  }

  @Test
  void aBatchSurvivesJavaSerialisationAsAPersistentRepositoryStoresIt() throws Exception {
    Exchange batch = strategy.aggregate(null, tick("A", 7L));
    batch = strategy.aggregate(batch, tick("B", 8L));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(batch.getMessage().getBody(TickBatch.class));
    }
    TickBatch back;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      back = (TickBatch) in.readObject();
    }
    assertThat(back.ticks()).isEqualTo(batch.getMessage().getBody(TickBatch.class).ticks());
    assertThat(back.offset(1)).isEqualTo(8L);
  }
}
