package io.marketwire.quotes;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Stand-in for the control plane's token check ({@code io.marketwire.web}, not in this branch):
 * every {@code /api} route calls the processor bean {@code apiAuth}, and
 * {@link QuotesConfiguration} binds this pass-through one only when no other {@code apiAuth} is
 * bound. It lets every request through: the quotes API is unauthenticated until the real check
 * is bound under that name.
 */
public final class PassThroughApiAuth implements Processor {
  @Override
  public void process(Exchange exchange) {
    // intentionally empty: see the class comment
  }
}
