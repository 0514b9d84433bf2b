package io.marketwire.dataplane.listener;

/**
 * One upstream event on its way to the MDQ, as the {@code massive:} consumer hands it to a route in
 * batch mode: its type and symbol (the routing key), its raw JSON as the upstream sent it, and when
 * the frame carrying it arrived (wall clock for the message header, monotonic for its age).
 */
public record MarketEvent(String ev, String symbol, String raw, long receivedAtMillis, long receivedNanos) {

  /** The MDQ routing key, {@code EV.SYMBOL} ({@code EV} alone for an event without a symbol). */
  public String routingKey() {
    return symbol == null ? ev : ev + "." + symbol;
  }

  /** Whether this event is older than {@code maxAgeNanos} at {@code nowNanos} ({@code 0}: never). */
  boolean olderThan(long maxAgeNanos, long nowNanos) {
    return maxAgeNanos > 0 && nowNanos - receivedNanos > maxAgeNanos;
  }
}
