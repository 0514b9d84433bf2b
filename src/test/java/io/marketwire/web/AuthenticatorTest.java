package io.marketwire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

  private static final int FAST = 1_000; // iterations: tests need not be slow
  /** The throttle's: 3 free failures, then 1 s doubling up to 8 s, on a clock the test moves. */
  private final MutableClock clock = new MutableClock();
  private final TokenService tokens = new TokenService("0123456789abcdef-test", Duration.ofMinutes(5));
  private final Authenticator auth =
      Authenticator.fromConfig(
          "viewer:viewer:" + PasswordHasher.hash("v-pass".toCharArray(), FAST)
              + ",ops:operator:" + PasswordHasher.hash("o-pass".toCharArray(), FAST),
          tokens,
          throttle());

  private LoginThrottle throttle() {
    return new LoginThrottle(3, Duration.ofSeconds(1), Duration.ofSeconds(8), clock);
  }

  @Test
  void hashesAreSaltedAndVerify() {
    String a = PasswordHasher.hash("secret".toCharArray(), FAST);
    String b = PasswordHasher.hash("secret".toCharArray(), FAST);
    assertThat(a).isNotEqualTo(b).startsWith("pbkdf2$1000$");
    assertThat(PasswordHasher.verify("secret".toCharArray(), a)).isTrue();
    assertThat(PasswordHasher.verify("Secret".toCharArray(), a)).isFalse();
    assertThat(PasswordHasher.verify("secret".toCharArray(), "plain")).isFalse();
  }

  @Test
  void loginGivesATokenWithTheUsersRole() {
    assertThat(auth.authenticate(auth.login("ops", "o-pass".toCharArray(), "10.0.0.1")).role()).isEqualTo(Role.OPERATOR);
    assertThat(auth.authenticate(auth.login("viewer", "v-pass".toCharArray(), "10.0.0.1")).role()).isEqualTo(Role.VIEWER);
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    assertThatThrownBy(() -> auth.login("ops", "nope".toCharArray(), "10.0.0.1"))
        .isInstanceOf(AuthenticationException.class).hasMessage("unknown user or wrong password");
    assertThatThrownBy(() -> auth.login("mallory", "o-pass".toCharArray(), "10.0.0.1"))
        .isInstanceOf(AuthenticationException.class).hasMessage("unknown user or wrong password");
  }

  @Test
  void viewerIsForbiddenWhereAnOperatorIsRequired() {
    String viewer = auth.login("viewer", "v-pass".toCharArray(), "10.0.0.1");
    assertThatThrownBy(() -> auth.authorize(viewer, Role.OPERATOR)).isInstanceOf(ForbiddenException.class);
    assertThat(auth.authorize(viewer, Role.VIEWER).username()).isEqualTo("viewer");
    assertThatThrownBy(() -> auth.authorize(null, Role.VIEWER)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aTokenOfARemovedUserNoLongerWorks() {
    String ops = auth.login("ops", "o-pass".toCharArray(), "10.0.0.1");
    Authenticator withoutOps =
        Authenticator.fromConfig("viewer:viewer:" + PasswordHasher.hash("v".toCharArray(), FAST), tokens, throttle());
    assertThatThrownBy(() -> withoutOps.authenticate(ops)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void malformedUserEntryIsNamed() {
    assertThatThrownBy(() -> Authenticator.fromConfig("ops:operator:plaintext", tokens, throttle()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"ops\"");
  }

  @Test
  void repeatedFailuresForAUserAreLockedOutForADoublingTimeEvenWithTheRightPassword() {
    for (String address : new String[] {"10.0.0.1", "10.0.0.2", "10.0.0.3"}) {
      assertThatThrownBy(() -> auth.login("ops", "guess".toCharArray(), address)).isInstanceOf(AuthenticationException.class);
    }
    // the fourth failure locks the user for 1 s, from any address, whatever the password
    assertThatThrownBy(() -> auth.login("ops", "guess".toCharArray(), "10.0.1.1")).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> auth.login("ops", "o-pass".toCharArray(), "10.0.2.2"))
        .isInstanceOf(LoginThrottledException.class)
        .satisfies(e -> assertThat(((LoginThrottledException) e).retryAfterSeconds()).isBetween(1L, 2L));
    // another user is not affected
    assertThat(auth.login("viewer", "v-pass".toCharArray(), "10.0.3.3")).isNotBlank();
    clock.advance(Duration.ofMillis(1100));
    // the next failure doubles the lock-out: 2 s, then 4 s, 8 s, and no more than 8 s
    assertThatThrownBy(() -> auth.login("ops", "guess".toCharArray(), "10.0.1.1")).isInstanceOf(AuthenticationException.class);
    clock.advance(Duration.ofMillis(1500));
    assertThatThrownBy(() -> auth.login("ops", "o-pass".toCharArray(), "10.0.1.1")).isInstanceOf(LoginThrottledException.class);
    clock.advance(Duration.ofMillis(600));
    for (long lockout : new long[] {4, 8, 8}) {
      assertThatThrownBy(() -> auth.login("ops", "guess".toCharArray(), "10.0.1.1")).isInstanceOf(AuthenticationException.class);
      clock.advance(Duration.ofSeconds(lockout).minusMillis(100));
      assertThatThrownBy(() -> auth.login("ops", "o-pass".toCharArray(), "10.0.1.1")).isInstanceOf(LoginThrottledException.class);
      clock.advance(Duration.ofMillis(200));
    }
    // once the lock-out ends, the right password works and clears the count
    assertThat(auth.login("ops", "o-pass".toCharArray(), "10.0.1.1")).isNotBlank();
    assertThatThrownBy(() -> auth.login("ops", "guess".toCharArray(), "10.0.1.1")).isInstanceOf(AuthenticationException.class);
    assertThat(auth.login("ops", "o-pass".toCharArray(), "10.0.1.1")).isNotBlank();
  }

  @Test
  void repeatedFailuresFromAnAddressLockTheAddressForEveryUser() {
    String[] names = {"a", "b", "c", "d"};
    for (String name : names) {
      assertThatThrownBy(() -> auth.login(name, "x".toCharArray(), "192.0.2.7")).isInstanceOf(AuthenticationException.class);
    }
    assertThatThrownBy(() -> auth.login("viewer", "v-pass".toCharArray(), "192.0.2.7")).isInstanceOf(LoginThrottledException.class);
    assertThat(auth.login("viewer", "v-pass".toCharArray(), "192.0.2.8")).isNotBlank();
  }

  private static final class MutableClock extends java.time.Clock {
    private volatile java.time.Instant now = java.time.Instant.parse("2026-12-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public java.time.ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public java.time.Instant instant() {
      return now;
    }
  }
}
