package io.marketwire.audit;

import io.marketwire.flow.FlowCompletion;
import org.apache.camel.Exchange;

/**
 * One rebuild of positions and open orders as the audit-rebuild route runs it
 * (routes/market-data/audit-rebuild): every event read folds through {@link AuditState}, the same
 * fold the live flow uses; at the end of the bounded read the state is printed and the flow
 * completes.
 */
public final class AuditRebuildSession {

  private final AuditState state = new AuditState();
  private final AuditEventCodec codec = new AuditEventCodec();

  /** An event read from the audit log (the body as bytes). */
  public void event(byte[] body) {
    state.apply(codec.decode(body));
  }

  /** The end of the bounded read. */
  public void end(Exchange exchange) {
    System.out.print(state.report());
    FlowCompletion.complete(exchange.getContext(), "audit-rebuild", 0);
  }

  public AuditState state() {
    return state;
  }
}
