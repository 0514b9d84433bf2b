package io.marketwire.audit;

import java.util.Map;
import java.util.TreeMap;

/**
 * Positions and open orders as the audit log says they are: the fold of every event in order.
 * The live flow and the rebuild command both apply events through this one class, which is why
 * a rebuild from the start of the stream must arrive at exactly the live state.
 */
public final class AuditState {

  /** An order still working: what is left of it. */
  public record OpenOrder(String orderId, String symbol, String side, long remaining, double price) {}

  private final Map<String, Long> positions = new TreeMap<>();
  private final Map<String, OpenOrder> openOrders = new TreeMap<>();
  private long eventsApplied;
  private long errors;
  private long inconsistencies;

  /**
   * Applies one event.
   *
   * @throws IllegalArgumentException for a schema version newer than this code knows
   */
  public synchronized void apply(AuditEvent event) {
    if (event.schemaVersion() > AuditEvent.SCHEMA_VERSION || event.schemaVersion() < 1) {
      throw new IllegalArgumentException(
          "audit event " + event.eventId() + " has schema_version " + event.schemaVersion()
              + "; this build reads 1.." + AuditEvent.SCHEMA_VERSION);
    }
    eventsApplied++;
    switch (event.type()) {
      case MARKET_DATA -> {
        // a price seen, not a position or an order: nothing to fold
      }
      case ORDER_CREATED ->
          openOrders.put(
              event.orderId(),
              new OpenOrder(event.orderId(), event.symbol(), event.side(), event.quantity(), event.price()));
      case ORDER_FILLED -> {
        OpenOrder order = openOrders.get(event.orderId());
        if (order != null) {
          long remaining = order.remaining() - event.quantity();
          if (remaining <= 0) {
            openOrders.remove(event.orderId());
          } else {
            openOrders.put(event.orderId(), new OpenOrder(order.orderId(), order.symbol(), order.side(), remaining, order.price()));
          }
        }
      }
      case ORDER_CANCELLED -> openOrders.remove(event.orderId());
      case TRADE_EXECUTED -> {
        long signed = "SELL".equals(event.side()) ? -event.quantity() : event.quantity();
        positions.merge(event.symbol(), signed, Long::sum);
      }
      case POSITION_UPDATED -> {
        // the producer's own view after the trade: it must match the fold, or the log is suspect
        if (!event.quantity().equals(positions.getOrDefault(event.symbol(), 0L))) {
          inconsistencies++;
        }
      }
      case ERROR -> errors++;
    }
  }

  public synchronized Map<String, Long> positions() {
    return Map.copyOf(positions);
  }

  public synchronized Map<String, OpenOrder> openOrders() {
    return Map.copyOf(openOrders);
  }

  public synchronized long eventsApplied() {
    return eventsApplied;
  }

  public synchronized long errors() {
    return errors;
  }

  /** POSITION_UPDATED events that disagreed with the trades before them. */
  public synchronized long inconsistencies() {
    return inconsistencies;
  }

  /** A readable report: positions and open orders. */
  public synchronized String report() {
    StringBuilder out = new StringBuilder();
    out.append(String.format("events applied: %d, errors: %d, inconsistencies: %d%n", eventsApplied, errors, inconsistencies));
    out.append(String.format("%-8s %12s%n", "SYMBOL", "POSITION"));
    positions.forEach((s, q) -> out.append(String.format("%-8s %12d%n", s, q)));
    out.append(String.format("open orders: %d%n", openOrders.size()));
    openOrders.values().forEach(o -> out.append(String.format("  %-14s %-6s %-4s %8d @ %.2f%n", o.orderId(), o.symbol(), o.side(), o.remaining(), o.price())));
    return out.toString();
  }
}
