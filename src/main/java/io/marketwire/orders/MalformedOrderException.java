package io.marketwire.orders;

/** An order that can never be processed, whatever the number of attempts: it is not retried. */
public class MalformedOrderException extends RuntimeException {

  public MalformedOrderException(String reason) {
    super(reason);
  }
}
