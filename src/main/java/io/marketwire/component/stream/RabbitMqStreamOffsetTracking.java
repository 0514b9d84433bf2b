package io.marketwire.component.stream;

/** How a named consumer stores its offset on the broker. */
public enum RabbitMqStreamOffsetTracking {
  /** The consumer stores it: per message by count and inactivity, per batch after the route. */
  AUTO,
  /** The route stores it through the {@link RabbitMqStreamManualCommit} header object. */
  MANUAL,
  /** Nothing is stored: every start begins at the offset option. */
  NONE
}
