package io.marketwire.orders;

/**
 * Exponential backoff for failed orders: attempt 1 is the first delivery; after a failed attempt
 * {@code n < maxAttempts} the order waits {@code initialDelay * multiplier^(n-1)} (capped at
 * {@code maxDelay}) in delay queue {@code orders.retry.n}, then comes back; after attempt
 * {@code maxAttempts} fails it is dead-lettered.
 */
public record RetryPolicy(int maxAttempts, long initialDelayMs, double multiplier, long maxDelayMs) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("marketwire.orders.retry.max-attempts must be at least 1, was " + maxAttempts);
    }
    if (initialDelayMs < 1 || multiplier < 1.0 || maxDelayMs < initialDelayMs) {
      throw new IllegalArgumentException(
          "retry delays must satisfy initial-delay >= 1ms, multiplier >= 1, max-delay >= initial-delay; got (ms) "
              + initialDelayMs + ", " + multiplier + ", " + maxDelayMs);
    }
  }

  /** True when a failure at this attempt may still be retried. */
  public boolean canRetry(int attempt) {
    return attempt < maxAttempts;
  }

  /** How long an order waits after failed attempt {@code attempt} (1-based). */
  public long delayAfter(int attempt) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt is 1-based, was " + attempt);
    }
    double delay = initialDelayMs * Math.pow(multiplier, attempt - 1);
    return (long) Math.min(delay, maxDelayMs);
  }

  /** The number of delay queues this policy needs: one per retry. */
  public int delayQueues() {
    return maxAttempts - 1;
  }
}
