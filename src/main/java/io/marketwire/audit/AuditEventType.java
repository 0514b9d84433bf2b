package io.marketwire.audit;

/** What happened, in the trading audit log. */
public enum AuditEventType {
  /** A price the activity was based on (seed 001's market_data event); changes no state. */
  MARKET_DATA,
  ORDER_CREATED,
  ORDER_FILLED,
  ORDER_CANCELLED,
  TRADE_EXECUTED,
  POSITION_UPDATED,
  ERROR
}
