package io.marketwire.web;

/** No valid credentials: a missing, malformed, tampered or expired token, or a wrong password. */
public class AuthenticationException extends RuntimeException {
  public AuthenticationException(String message) {
    super(message);
  }
}
