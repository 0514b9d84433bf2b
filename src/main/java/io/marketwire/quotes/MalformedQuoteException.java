package io.marketwire.quotes;

/** A stream entry that is not a quote: names the field and the value that is wrong. */
public class MalformedQuoteException extends RuntimeException {
  public MalformedQuoteException(String message) {
    super(message);
  }
}
