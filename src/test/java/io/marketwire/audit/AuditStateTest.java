package io.marketwire.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditStateTest {

  private final AuditEventCodec codec = new AuditEventCodec();

  @Test
  void foldsOrdersFillsCancelsAndTradesIntoPositionsAndOpenOrders() {
    AuditState state = new AuditState();
    state.apply(ev(AuditEventType.ORDER_CREATED, "O1", "AZO", "BUY", 100L, 10.0));
    state.apply(ev(AuditEventType.ORDER_CREATED, "O2", "LII", "SELL", 50L, 20.0));
    state.apply(ev(AuditEventType.ORDER_FILLED, "O1", "AZO", "BUY", 40L, 10.0));
    state.apply(ev(AuditEventType.TRADE_EXECUTED, "O1", "AZO", "BUY", 40L, 10.0));
    state.apply(ev(AuditEventType.POSITION_UPDATED, null, "AZO", null, 40L, null));
    state.apply(ev(AuditEventType.ORDER_CANCELLED, "O2", "LII", null, null, null));
    assertThat(state.positions()).containsEntry("AZO", 40L).doesNotContainKey("LII");
    assertThat(state.openOrders()).containsOnlyKeys("O1");
    assertThat(state.openOrders().get("O1").remaining()).isEqualTo(60);
    assertThat(state.inconsistencies()).isZero();
  }

  @Test
  void rebuildingFromEncodedEventsGivesTheLiveState() {
    TradingActivitySimulator sim = new TradingActivitySimulator(List.of("AZO", "LII", "GWW"), 7);
    AuditState live = new AuditState();
    List<byte[]> log = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      for (AuditEvent e : sim.next(1_700_000_000_000L + i)) {
        live.apply(e);
        log.add(codec.encode(e));
      }
    }
    AuditState rebuilt = new AuditState();
    log.forEach(bytes -> rebuilt.apply(codec.decode(bytes)));
    assertThat(rebuilt.positions()).isEqualTo(live.positions()).isNotEmpty();
    assertThat(rebuilt.openOrders()).isEqualTo(live.openOrders());
    assertThat(rebuilt.inconsistencies()).isZero();
    assertThat(rebuilt.errors()).isEqualTo(live.errors()).isPositive();
  }

  @Test
  void aNewerSchemaVersionIsRejectedNotMisread() {
    AuditEvent future = new AuditEvent(2, "E9", AuditEventType.ORDER_CREATED, 0, "O9", "AZO", "BUY", 1L, 1.0, null);
    assertThatThrownBy(() -> new AuditState().apply(future)).hasMessageContaining("schema_version 2");
    assertThatThrownBy(() -> codec.decode("{\"nope\":1}".getBytes())).hasMessageContaining("schema_version");
  }

  private static AuditEvent ev(AuditEventType type, String order, String symbol, String side, Long qty, Double price) {
    return new AuditEvent(1, "E", type, 0, order, symbol, side, qty, price, null);
  }
}
