package io.marketwire.app.health;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * One broker connection as the app uses it, checked the way the app uses it: {@code probe} opens
 * a fresh connection with the configured credentials and does one cheap operation, so a password
 * that stops working shows at the next check rather than at the next reconnect. Knows how to say
 * in one line that the broker refused the credentials.
 *
 * @param id the health check's id, e.g. {@code rabbitmq-stream}
 * @param label what an operator calls the connection, e.g. {@code RabbitMQ stream}
 * @param target host:port (never credentials)
 * @param user the user the app logs in as
 * @param passwordSetting the setting that holds the password, named in the refusal line
 * @param probe returns a short description when the broker answered, throws when it did not
 */
public record BrokerProbe(
    String id, String label, String target, String user, String passwordSetting, Callable<String> probe) {

  /** The probe's answer; throws what the client threw. */
  public String call() throws Exception {
    return probe.call();
  }

  /**
   * The one line that says the broker refused the credentials, when {@code failure} (or a cause)
   * is an authentication or access refusal; empty for anything else (not reachable, say).
   */
  public Optional<String> refusal(Throwable failure) {
    return refusalReason(failure)
        .map(why -> label + " at " + target + " refused user '" + user + "': " + why + " (check " + passwordSetting + ")");
  }

  /** Whether {@code failure} (or a cause) is an authentication or access refusal. */
  static boolean isRefusal(Throwable failure) {
    return refusalReason(failure).isPresent();
  }

  private static Optional<String> refusalReason(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String why = reasonOf(t);
      if (why != null) {
        return Optional.of(why);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return Optional.empty();
  }

  /** Why the check failed, in one line: the refusal, or the connection's failure. */
  public String describe(Throwable failure) {
    return refusal(failure).orElseGet(() -> label + " at " + target + " unreachable: " + rootMessage(failure));
  }

  private static String reasonOf(Throwable t) {
    String type = t.getClass().getName();
    String message = String.valueOf(t.getMessage());
    String upper = message.toUpperCase(Locale.ROOT);
    // amqp-client and stream-client each have an AuthenticationFailureException
    if (type.endsWith(".AuthenticationFailureException") || upper.contains("WRONGPASS")) {
      return "authentication failed";
    }
    if (upper.contains("NOAUTH")) {
      return "authentication required";
    }
    if (upper.contains("ACCESS_REFUSED") || upper.contains("VIRTUAL_HOST_ACCESS_FAILURE") || upper.contains("NOPERM")) {
      return "access refused";
    }
    return null;
  }

  static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
  }
}
