package io.marketwire.chaos;

/** What the chaos command does to the running system. */
enum Fault {
  /** {@code ./marketwire services restart rabbitmq}: every AMQP and stream connection drops. */
  RABBITMQ,
  /** {@code ./marketwire services restart redis}. */
  REDIS,
  /** SIGKILL the app, then start it again: in-memory state and unconfirmed work are gone. */
  KILL,
  /** Malformed input on every entry point. */
  MALFORMED,
  /** The upstream market-data WebSocket closes the data plane's connection (it reconnects). */
  UPSTREAM,
  /**
   * One node of the RabbitMQ cluster SIGKILLed (its peers take over the queues it led): injected by
   * the cluster tests (NodeLossClusterIT), not scheduled by the chaos command, which runs on one node.
   */
  NODE;

  static Fault parse(String text) {
    return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "rabbitmq", "rabbitmq-restart" -> RABBITMQ;
      case "redis", "redis-restart" -> REDIS;
      case "kill", "kill-app" -> KILL;
      case "malformed" -> MALFORMED;
      case "upstream", "upstream-drop" -> UPSTREAM;
      default -> throw new IllegalArgumentException("unknown fault '" + text + "' (rabbitmq, redis, kill, malformed, upstream)");
    };
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
