package io.marketwire.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One immutable fact of the trading audit log. Every event carries its schema version so that
 * old events stay readable after the schema grows: a reader applies what it knows and rejects a
 * version newer than it understands instead of misreading it.
 *
 * <p>Fields by type: MARKET_DATA (symbol, price); ORDER_CREATED (orderId, symbol, side, quantity, price); ORDER_FILLED
 * (orderId, quantity filled, price); ORDER_CANCELLED (orderId); TRADE_EXECUTED (orderId, symbol,
 * side, quantity, price); POSITION_UPDATED (symbol, quantity = the position after the trade);
 * ERROR (message).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEvent(
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("event_id") String eventId,
    @JsonProperty("type") AuditEventType type,
    @JsonProperty("timestamp") long timestampMillis,
    @JsonProperty("order_id") String orderId,
    @JsonProperty("symbol") String symbol,
    @JsonProperty("side") String side,
    @JsonProperty("quantity") Long quantity,
    @JsonProperty("price") Double price,
    @JsonProperty("message") String message) {

  /** The newest schema this code writes and reads. */
  public static final int SCHEMA_VERSION = 1;
}
