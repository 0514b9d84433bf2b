package io.marketwire.component.stream;

/**
 * Stores a consumer's offset on the broker when the route says its work is done. With {@code
 * allowManualCommit=true} the consumer puts one in header {@link
 * RabbitMqStreamConstants#MANUAL_COMMIT}; it may be called on any thread (after an aggregator or
 * an asynchronous step), and stores the offset of the message, or of the last message of a batch.
 */
public interface RabbitMqStreamManualCommit {

  /** Stores the offset; a restart of the named consumer resumes after it. */
  void commit();

  /** The offset {@link #commit()} stores. */
  long offset();
}
