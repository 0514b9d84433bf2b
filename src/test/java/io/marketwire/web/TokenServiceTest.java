package io.marketwire.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenServiceTest {

  private static final String SECRET = "0123456789abcdef-test";
  private final Instant now = Instant.parse("2026-11-26T12:00:00Z");
  private final TokenService tokens = new TokenService(SECRET, Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC));

  @Test
  void issuedTokenVerifiesWithUserRoleAndExpiry() {
    Principal principal = tokens.verify(tokens.issue("ops", Role.OPERATOR));
    assertThat(principal).isEqualTo(new Principal("ops", Role.OPERATOR, now.plus(Duration.ofMinutes(10))));
  }

  @Test
  void expiredTokenIsRefused() {
    String token = tokens.issue("ops", Role.OPERATOR);
    TokenService later = new TokenService(SECRET, Duration.ofMinutes(10), Clock.fixed(now.plus(Duration.ofMinutes(10)), ZoneOffset.UTC));
    assertThatThrownBy(() -> later.verify(token)).isInstanceOf(AuthenticationException.class).hasMessage("token expired");
  }

  @Test
  void tamperedOrForeignTokensAreRefused() {
    String token = tokens.issue("viewer", Role.VIEWER);
    String body = token.substring(0, token.indexOf('.'));
    String promoted =
        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
            new String(java.util.Base64.getUrlDecoder().decode(body)).replace("viewer\",\"role\":\"viewer", "viewer\",\"role\":\"operator").getBytes());
    assertThatThrownBy(() -> tokens.verify(promoted + token.substring(token.indexOf('.'))))
        .isInstanceOf(AuthenticationException.class).hasMessage("invalid token signature");
    TokenService other = new TokenService("another-secret-of-16", Duration.ofMinutes(10));
    assertThatThrownBy(() -> tokens.verify(other.issue("viewer", Role.VIEWER))).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> tokens.verify(null)).isInstanceOf(AuthenticationException.class).hasMessage("a token is required");
    assertThatThrownBy(() -> tokens.verify("x.y.z")).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void everySpellingOfTheSignatureButTheIssuedOneIsRefused() {
    String token = tokens.issue("viewer", Role.VIEWER);
    char last = token.charAt(token.length() - 1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // a 32-byte HMAC takes 43 characters; the last carries 2 unused bits that a decoder ignores,
    // so 3 of these 63 variants decode to the valid signature: each must still be refused
    for (char other : alphabet.toCharArray()) {
      if (other != last) {
        String variant = token.substring(0, token.length() - 1) + other;
        assertThatThrownBy(() -> tokens.verify(variant))
            .as("last character %s instead of %s", other, last)
            .isInstanceOf(AuthenticationException.class).hasMessage("invalid token signature");
      }
    }
  }

  @Test
  void shortSecretIsRejected() {
    assertThatThrownBy(() -> new TokenService("short", Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
  }
}
