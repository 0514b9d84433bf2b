package io.marketwire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {

  private static final int FAST = 1_000; // iterations: tests need not be slow
  private final TokenService tokens = new TokenService("0123456789abcdef-test", Duration.ofMinutes(5));
  private final Authenticator auth =
      Authenticator.fromConfig(
          "viewer:viewer:" + PasswordHasher.hash("v-pass".toCharArray(), FAST)
              + ",ops:operator:" + PasswordHasher.hash("o-pass".toCharArray(), FAST),
          tokens);

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
    assertThat(auth.authenticate(auth.login("ops", "o-pass".toCharArray())).role()).isEqualTo(Role.OPERATOR);
    assertThat(auth.authenticate(auth.login("viewer", "v-pass".toCharArray())).role()).isEqualTo(Role.VIEWER);
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    assertThatThrownBy(() -> auth.login("ops", "nope".toCharArray()))
        .isInstanceOf(AuthenticationException.class).hasMessage("unknown user or wrong password");
    assertThatThrownBy(() -> auth.login("mallory", "o-pass".toCharArray()))
        .isInstanceOf(AuthenticationException.class).hasMessage("unknown user or wrong password");
  }

  @Test
  void viewerIsForbiddenWhereAnOperatorIsRequired() {
    String viewer = auth.login("viewer", "v-pass".toCharArray());
    assertThatThrownBy(() -> auth.authorize(viewer, Role.OPERATOR)).isInstanceOf(ForbiddenException.class);
    assertThat(auth.authorize(viewer, Role.VIEWER).username()).isEqualTo("viewer");
    assertThatThrownBy(() -> auth.authorize(null, Role.VIEWER)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aTokenOfARemovedUserNoLongerWorks() {
    String ops = auth.login("ops", "o-pass".toCharArray());
    Authenticator withoutOps =
        Authenticator.fromConfig("viewer:viewer:" + PasswordHasher.hash("v".toCharArray(), FAST), tokens);
    assertThatThrownBy(() -> withoutOps.authenticate(ops)).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void malformedUserEntryIsNamed() {
    assertThatThrownBy(() -> Authenticator.fromConfig("ops:operator:plaintext", tokens))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("\"ops\"");
  }
}
