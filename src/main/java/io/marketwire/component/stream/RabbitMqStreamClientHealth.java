package io.marketwire.component.stream;

import com.rabbitmq.stream.AuthenticationFailureException;
import com.rabbitmq.stream.Resource;

/**
 * What one consumer or producer knows of its client's health: the state the client reports
 * (open, recovering after a lost connection, closed by the broker) and why its last start failed,
 * in one line that names the broker and, for refused credentials, the user. Read by {@link
 * RabbitMqStreamHealthCheck}.
 */
final class RabbitMqStreamClientHealth implements Resource.StateListener {

  private final String role;
  private final RabbitMqStreamConnection connection;
  private volatile Resource.State state;
  private volatile String startFailure;

  /**
   * @param role what the client is, e.g. {@code consumer of stream market-data}
   */
  RabbitMqStreamClientHealth(String role, RabbitMqStreamConnection connection) {
    this.role = role;
    this.connection = connection;
  }

  @Override
  public void handle(Resource.Context context) {
    state = context.currentState();
  }

  /** The client was made: the last failure is over. */
  void started() {
    startFailure = null;
  }

  void startFailed(Throwable failure) {
    startFailure = describe(failure);
  }

  /**
   * Stopped: no client state to report. A failed start's reason is kept, as Camel stops what
   * failed to start and the supervising route controller stops the route between its attempts.
   */
  void stopped() {
    state = null;
  }

  /** Why the client cannot work now, or null when it can. */
  String problem() {
    String failure = startFailure;
    if (failure != null) {
      return failure;
    }
    Resource.State now = state;
    if (now == null || now == Resource.State.OPEN) {
      return null;
    }
    return switch (now) {
      case OPENING -> role + ": connecting to RabbitMQ stream at " + target();
      case RECOVERING -> role + ": connection to RabbitMQ stream at " + target() + " lost, recovering";
      default -> role + ": closed by RabbitMQ stream at " + target() + " (stream deleted?)";
    };
  }

  /** One line for a failure to connect or subscribe; never the password. */
  String describe(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof AuthenticationFailureException) {
        return role
            + ": RabbitMQ stream at "
            + target()
            + " refused user '"
            + connection.username()
            + "': authentication failed";
      }
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String why = String.valueOf(failure.getMessage());
    if (root != failure && root.getMessage() != null) {
      why += " (" + root.getMessage() + ")";
    }
    return role + ": RabbitMQ stream at " + target() + " unreachable or refusing: " + why;
  }

  String target() {
    return connection.uris().isEmpty()
        ? connection.host() + ":" + connection.port()
        : String.join(",", connection.uris());
  }

  RabbitMqStreamConnection connection() {
    return connection;
  }
}
