package io.marketwire.quotes;

/** A request the quotes API refuses: the HTTP status and a message for the client. */
public class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
