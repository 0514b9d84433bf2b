package io.marketwire.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code freeFailures} failed log-ins in a row for one user name,
 * or from one address, further attempts for it are refused (without looking at the password) for
 * a lock-out that doubles with every further failure, from {@code initialLockout} up to {@code
 * maxLockout}. A successful log-in clears the user's and the address's record. Thread-safe.
 */
public final class LoginThrottle {

  /** Kept records beyond which the ones whose lock-out has long ended are forgotten. */
  private static final int PRUNE_ABOVE = 10_000;

  private record Failures(int count, Instant lockedUntil) {}

  private final int freeFailures;
  private final Duration initialLockout;
  private final Duration maxLockout;
  private final Clock clock;
  private final Map<String, Failures> byKey = new ConcurrentHashMap<>();

  public LoginThrottle(int freeFailures, Duration initialLockout, Duration maxLockout, Clock clock) {
    this.freeFailures = freeFailures;
    this.initialLockout = initialLockout;
    this.maxLockout = maxLockout;
    this.clock = clock;
  }

  /**
   * Lets the attempt on unless the user or the address is locked out.
   *
   * @throws LoginThrottledException naming how long to wait
   */
  public void check(String username, String address) {
    Instant now = clock.instant();
    Instant until = later(lockedUntil(userKey(username)), lockedUntil(addressKey(address)));
    if (until != null && now.isBefore(until)) {
      long seconds = Math.max(1, Duration.between(now, until).toMillis() / 1000 + 1);
      throw new LoginThrottledException(seconds);
    }
  }

  /** Counts a failed attempt against the user and the address. */
  public void failed(String username, String address) {
    prune();
    fail(userKey(username));
    fail(addressKey(address));
  }

  public void succeeded(String username, String address) {
    byKey.remove(userKey(username));
    byKey.remove(addressKey(address));
  }

  private void fail(String key) {
    if (key == null) {
      return;
    }
    Instant now = clock.instant();
    byKey.compute(
        key,
        (k, previous) -> {
          int count = previous == null ? 1 : previous.count() + 1;
          int over = count - freeFailures;
          if (over <= 0) {
            return new Failures(count, null);
          }
          // doubles per failure beyond the free ones; the shift is capped so it cannot overflow
          long millis = initialLockout.toMillis() << Math.min(over - 1, 30);
          return new Failures(count, now.plusMillis(Math.min(millis, maxLockout.toMillis())));
        });
  }

  private Instant lockedUntil(String key) {
    Failures failures = key == null ? null : byKey.get(key);
    return failures == null ? null : failures.lockedUntil();
  }

  private void prune() {
    if (byKey.size() > PRUNE_ABOVE) {
      Instant forgetBefore = clock.instant().minus(maxLockout);
      byKey.values().removeIf(f -> f.lockedUntil() == null || f.lockedUntil().isBefore(forgetBefore));
    }
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static String userKey(String username) {
    return username == null ? null : "user:" + username;
  }

  private static String addressKey(String address) {
    return address == null ? null : "address:" + address;
  }
}
