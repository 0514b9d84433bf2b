package io.marketwire.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed tokens with an expiry: {@code base64url(claims).base64url(HMAC-SHA256(claims))}, the
 * claims {@code {"sub":USER,"role":ROLE,"exp":EPOCH_SECONDS}}. Stateless, so WDS, SCP and the
 * dashboard verify a token with the shared secret alone. Thread-safe.
 */
public final class TokenService {

  private static final String HMAC = "HmacSHA256";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  public TokenService(String secret, Duration ttl) {
    this(secret, ttl, Clock.systemUTC());
  }

  public TokenService(String secret, Duration ttl, Clock clock) {
    if (secret == null || secret.length() < 16) {
      throw new IllegalArgumentException(
          "marketwire.auth.secret must be set and at least 16 characters long");
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC);
    this.ttl = ttl;
    this.clock = clock;
  }

  public Duration ttl() {
    return ttl;
  }

  /** A token for {@code username} with {@code role}, valid for the configured time to live. */
  public String issue(String username, Role role) {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("sub", username);
    claims.put("role", role.id());
    claims.put("exp", clock.instant().plus(ttl).getEpochSecond());
    try {
      String body = B64.encodeToString(JSON.writeValueAsBytes(claims));
      return body + "." + B64.encodeToString(sign(body));
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot write token claims", e);
    }
  }

  /**
   * The principal a token speaks for.
   *
   * @throws AuthenticationException when the token is missing, malformed, tampered with or expired
   */
  public Principal verify(String token) {
    if (token == null || token.isBlank()) {
      throw new AuthenticationException("a token is required");
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      throw new AuthenticationException("malformed token");
    }
    String body = token.substring(0, dot);
    // compared as text, not decoded: the decoder ignores the unused low bits of the last
    // character, so several spellings would decode to the one valid signature
    byte[] presented = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = B64.encode(sign(body));
    if (!MessageDigest.isEqual(presented, expected)) {
      throw new AuthenticationException("invalid token signature");
    }
    JsonNode claims;
    try {
      claims = JSON.readTree(Base64.getUrlDecoder().decode(body));
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new AuthenticationException("malformed token");
    }
    Instant expires = Instant.ofEpochSecond(claims.path("exp").asLong(0));
    if (!clock.instant().isBefore(expires)) {
      throw new AuthenticationException("token expired");
    }
    try {
      return new Principal(claims.path("sub").asText(), Role.parse(claims.path("role").asText()), expires);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("malformed token");
    }
  }

  private byte[] sign(String body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(HMAC + " is not available in this JDK", e);
    }
  }
}
