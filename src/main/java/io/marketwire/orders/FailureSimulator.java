package io.marketwire.orders;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Simulates processing failures, as the seed does with its 10% failure rate. A share
 * {@code rate} of orders hits a failure; of those, a share {@code transientShare} fails only its
 * first attempt (a retry heals it), the others fail every attempt (they end in
 * {@code orders.failed} after the last retry). The decision is a pure function of
 * (seed, order id), so a run is reproducible whatever the number of workers and the order in which
 * they pick orders up.
 */
public final class FailureSimulator {

  private final double rate;
  private final double transientShare;
  private final long seed;

  public FailureSimulator(double rate, double transientShare, long seed) {
    if (rate < 0.0 || rate > 1.0) {
      throw new IllegalArgumentException("marketwire.orders.failure-rate must be between 0 and 1, was " + rate);
    }
    if (transientShare < 0.0 || transientShare > 1.0) {
      throw new IllegalArgumentException(
          "marketwire.orders.failure-transient-share must be between 0 and 1, was " + transientShare);
    }
    this.rate = rate;
    this.transientShare = transientShare;
    this.seed = seed;
  }

  /** Why this attempt fails, or null when it succeeds. */
  public String failure(String orderId, int attempt) {
    if (rate == 0.0 || uniform(orderId, "fails") >= rate) {
      return null;
    }
    if (uniform(orderId, "transient") < transientShare) {
      return attempt == 1 ? "simulated transient failure (payment gateway timeout)" : null;
    }
    return "simulated permanent failure (card declined)";
  }

  /** A number in [0, 1) drawn from (seed, id, purpose). */
  private double uniform(String orderId, String purpose) {
    CRC32 crc = new CRC32();
    crc.update((seed + ":" + purpose + ":" + orderId).getBytes(StandardCharsets.UTF_8));
    // spread the 32-bit checksum with a 64-bit mix so that neighbouring ids do not correlate
    long z = (crc.getValue() + seed) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
    z ^= z >>> 29;
    return (z >>> 11) * 0x1.0p-53;
  }
}
