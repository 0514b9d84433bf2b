package io.marketwire.component.stream;

/** How a super stream producer picks the partition of a message from its routing key. */
public enum RabbitMqStreamRoutingStrategy {
  /** murmur3 hash of the routing key modulo the number of partitions (the client's default). */
  HASH,
  /** The partitions bound to the super stream exchange with exactly that routing key. */
  KEY
}
