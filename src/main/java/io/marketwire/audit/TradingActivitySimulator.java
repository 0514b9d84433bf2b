package io.marketwire.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Produces a plausible, repeatable stream of trading activity for the audit log: orders are
 * created, filled in parts (each fill the market price it met, a trade and a position update), some are cancelled, and
 * now and then an error is recorded. The simulator keeps its own positions to write
 * POSITION_UPDATED, which the audit fold later checks.
 */
public final class TradingActivitySimulator {
  // called by one route thread at a time (a timer); not thread-safe on purpose

  private final Random random;
  private final List<String> symbols;
  private final Map<String, Long> positions = new HashMap<>();
  private final Map<String, long[]> working = new HashMap<>(); // orderId -> {remaining}
  private final Map<String, String[]> orderInfo = new HashMap<>(); // orderId -> {symbol, side, price}
  private long orderSeq;
  private long eventSeq;

  public TradingActivitySimulator(List<String> symbols, long seed) {
    this.symbols = List.copyOf(symbols);
    this.random = new Random(seed);
  }

  /** The next few events, stamped with the current time. */
  public List<AuditEvent> nextNow() {
    return next(System.currentTimeMillis());
  }

  /** The next few events (one action: create, fill, cancel or error). */
  public List<AuditEvent> next(long nowMillis) {
    List<AuditEvent> events = new ArrayList<>();
    int action = random.nextInt(100);
    if (working.isEmpty() || action < 35) {
      String orderId = "ORD-" + (++orderSeq);
      String symbol = symbols.get(random.nextInt(symbols.size()));
      String side = random.nextBoolean() ? "BUY" : "SELL";
      long quantity = 10L * (1 + random.nextInt(50));
      double price = Math.round((50 + random.nextDouble() * 450) * 100) / 100.0;
      working.put(orderId, new long[] {quantity});
      orderInfo.put(orderId, new String[] {symbol, side, Double.toString(price)});
      events.add(event(AuditEventType.ORDER_CREATED, nowMillis, orderId, symbol, side, quantity, price, null));
    } else if (action < 85) {
      String orderId = pick();
      String[] info = orderInfo.get(orderId);
      long remaining = working.get(orderId)[0];
      long fill = Math.min(remaining, 10L * (1 + random.nextInt(20)));
      double price = Double.parseDouble(info[2]);
      events.add(event(AuditEventType.MARKET_DATA, nowMillis, null, info[0], null, null, price, null));
      events.add(event(AuditEventType.ORDER_FILLED, nowMillis, orderId, info[0], info[1], fill, price, null));
      events.add(event(AuditEventType.TRADE_EXECUTED, nowMillis, orderId, info[0], info[1], fill, price, null));
      long position = positions.merge(info[0], "SELL".equals(info[1]) ? -fill : fill, Long::sum);
      events.add(event(AuditEventType.POSITION_UPDATED, nowMillis, null, info[0], null, position, null, null));
      if (remaining - fill <= 0) {
        working.remove(orderId);
      } else {
        working.get(orderId)[0] = remaining - fill;
      }
    } else if (action < 97) {
      String orderId = pick();
      working.remove(orderId);
      events.add(event(AuditEventType.ORDER_CANCELLED, nowMillis, orderId, orderInfo.get(orderId)[0], null, null, null, null));
    } else {
      events.add(event(AuditEventType.ERROR, nowMillis, null, null, null, null, null, "exchange rejected a cancel: unknown order"));
    }
    return events;
  }

  private String pick() {
    List<String> ids = new ArrayList<>(working.keySet());
    ids.sort(null);
    return ids.get(random.nextInt(ids.size()));
  }

  private AuditEvent event(
      AuditEventType type, long now, String orderId, String symbol, String side, Long qty, Double price, String message) {
    return new AuditEvent(AuditEvent.SCHEMA_VERSION, "EV-" + (++eventSeq), type, now, orderId, symbol, side, qty, price, message);
  }
}
