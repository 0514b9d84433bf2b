package io.marketwire.audit;

/** What happened, in the trading audit log. */
public enum AuditEventType {
  ORDER_CREATED,
  ORDER_FILLED,
  ORDER_CANCELLED,
  TRADE_EXECUTED,
  POSITION_UPDATED,
  ERROR
}
