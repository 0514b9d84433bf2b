package io.marketwire.web;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The token check in front of the read-only REST API ({@code /api/stocks}, {@code /api/alerts}):
 * a valid token of any role ({@code Authorization: Bearer ...}, as issued by {@code POST
 * /api/auth/login}). Throws {@link AuthenticationException} (401) without one; the route's error
 * handler turns it into a JSON error.
 */
public final class ApiAuth implements Processor {

  private final Authenticator authenticator;
  private final Role required;

  public ApiAuth(Authenticator authenticator, Role required) {
    this.authenticator = authenticator;
    this.required = required;
  }

  @Override
  public void process(Exchange exchange) {
    String token =
        Authenticator.bearer(exchange.getMessage().getHeader("Authorization", String.class))
            .orElseThrow(() -> new AuthenticationException("a token is required (Authorization: Bearer <token>)"));
    Principal principal = authenticator.authorize(token, required);
    exchange.setProperty("marketwire.principal", principal);
  }
}
