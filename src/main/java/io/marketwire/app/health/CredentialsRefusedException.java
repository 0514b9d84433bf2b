package io.marketwire.app.health;

/**
 * A broker refused the configured credentials; the message is the whole story (which connection,
 * which user, which setting to check), so it is shown as one line, without a stack trace.
 */
public final class CredentialsRefusedException extends RuntimeException {
  public CredentialsRefusedException(String line) {
    super(line, null, false, false);
  }
}
