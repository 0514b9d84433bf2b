package io.marketwire.orders;

import io.marketwire.audit.AuditEvent;
import io.marketwire.audit.AuditEventType;

/**
 * The real order flow in the trading audit log (seed 001's event-sourced log): an order event from
 * logs.topic becomes the audit event that says the same. {@code order.created} is ORDER_CREATED,
 * {@code order.completed} ORDER_FILLED (the whole quantity), {@code order.failed} ORDER_CANCELLED
 * with the failure reason; a product is the audit log's symbol and every order buys. The event id
 * is the log key with the order id, so a redelivered event is recognisable in the log.
 */
public final class OrderAuditEvents {

  private final OrderJson json = new OrderJson();

  /** The audit event of one order event, or null for a key the audit log does not record. */
  public AuditEvent fromLog(String routingKey, String body, String messageId, String failureReason) {
    long now = System.currentTimeMillis();
    String eventId = routingKey + ":" + messageId;
    try {
      return fromOrder(routingKey, body, messageId, failureReason, now, eventId);
    } catch (MalformedOrderException e) {
      // the producer logs malformed orders too; the log records them as what they are
      return new AuditEvent(AuditEvent.SCHEMA_VERSION, eventId, AuditEventType.ERROR, now, messageId, null, null, null, null,
          "malformed order " + messageId + " (" + routingKey + "): " + e.getMessage());
    }
  }

  private AuditEvent fromOrder(String routingKey, String body, String messageId, String failureReason, long now, String eventId) {
    return switch (routingKey == null ? "" : routingKey) {
      case "order.created" -> {
        Order o = json.parse(body);
        yield new AuditEvent(AuditEvent.SCHEMA_VERSION, eventId, AuditEventType.ORDER_CREATED, now, o.id(), o.product(), "BUY",
            (long) o.quantity(), o.price().doubleValue(), null);
      }
      case "order.completed" -> {
        Order o = json.parse(body);
        yield new AuditEvent(AuditEvent.SCHEMA_VERSION, eventId, AuditEventType.ORDER_FILLED, now, o.id(), o.product(), "BUY",
            (long) o.quantity(), o.price().doubleValue(), null);
      }
      // a failed order may not even parse (malformed): its message id is its order id
      case "order.failed" ->
          new AuditEvent(AuditEvent.SCHEMA_VERSION, eventId, AuditEventType.ORDER_CANCELLED, now, messageId, null, null, null, null,
              failureReason == null ? "failed" : failureReason);
      default -> null;
    };
  }
}
