package io.marketwire.component.redisstream;

/**
 * Acknowledges what one exchange carries, when the route decides: with {@code allowManualCommit}
 * the consumer puts one in the header {@link RedisStreamConstants#MANUAL_COMMIT} instead of
 * acknowledging after the route. Not calling it leaves the entries pending: they are reclaimed
 * after minIdleTime like failed ones.
 */
public interface RedisStreamManualCommit {

  /**
   * XACKs the exchange's entry (in batch mode every entry of the batch) in its group, and returns
   * when Redis confirmed it.
   *
   * @throws RedisStreamException when Redis did not confirm it (the entries stay pending)
   */
  void commit();

  /** The entry ids this commit acknowledges, in stream order. */
  java.util.List<String> ids();
}
