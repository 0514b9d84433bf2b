package io.marketwire.web;

/** Valid credentials whose role does not allow the request. */
public class ForbiddenException extends RuntimeException {
  public ForbiddenException(String message) {
    super(message);
  }
}
