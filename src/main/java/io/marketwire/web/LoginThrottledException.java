package io.marketwire.web;

/** Too many failed log-ins for a user or from an address: wait {@link #retryAfterSeconds()} (HTTP 429). */
public class LoginThrottledException extends RuntimeException {

  private final long retryAfterSeconds;

  public LoginThrottledException(long retryAfterSeconds) {
    super("too many failed log-ins; try again in " + retryAfterSeconds + " s");
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
