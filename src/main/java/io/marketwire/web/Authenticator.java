package io.marketwire.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Log-in and authorization for every web entry point (SCP, WDS, the dashboard, the quotes API and
 * sockets): users from configuration ({@code name:role:hash}, comma-separated, hashes from {@link
 * PasswordHasher}), tokens from a {@link TokenService}, repeated failed log-ins slowed by a {@link
 * LoginThrottle}. Thread-safe.
 */
public final class Authenticator {

  private record User(String name, Role role, String hash) {}

  private final Map<String, User> users;
  private final TokenService tokens;
  private final LoginThrottle throttle;

  private Authenticator(Map<String, User> users, TokenService tokens, LoginThrottle throttle) {
    this.users = Map.copyOf(users);
    this.tokens = tokens;
    this.throttle = throttle;
  }

  /**
   * Reads {@code marketwire.auth.users}: {@code name:role:hash[,name:role:hash...]}.
   *
   * @throws IllegalArgumentException naming the entry that is not of that form
   */
  public static Authenticator fromConfig(String users, TokenService tokens, LoginThrottle throttle) {
    Map<String, User> byName = new LinkedHashMap<>();
    if (users != null) {
      for (String entry : users.split(",")) {
        if (entry.isBlank()) {
          continue;
        }
        String[] parts = entry.trim().split(":", 3);
        if (parts.length != 3 || parts[0].isBlank() || !parts[2].startsWith("pbkdf2$")) {
          String name = parts[0].trim();
          throw new IllegalArgumentException(
              "marketwire.auth.users: entry for \""
                  + name
                  + "\" must be name:role:pbkdf2$... (hash the password with PasswordHasher)");
        }
        byName.put(parts[0], new User(parts[0], Role.parse(parts[1]), parts[2]));
      }
    }
    return new Authenticator(byName, tokens, throttle);
  }

  public TokenService tokens() {
    return tokens;
  }

  /**
   * A token for a user whose password matches, logging in from {@code address} (null if unknown).
   *
   * @throws LoginThrottledException when the user or the address failed too often lately (the
   *     password is then not even checked)
   * @throws AuthenticationException with the same message for an unknown user and a wrong password
   */
  public String login(String username, char[] password, String address) {
    throttle.check(username, address);
    User user = username == null ? null : users.get(username);
    if (user == null || password == null || !PasswordHasher.verify(password, user.hash())) {
      throttle.failed(username, address);
      throw new AuthenticationException("unknown user or wrong password");
    }
    throttle.succeeded(username, address);
    return tokens.issue(user.name(), user.role());
  }

  /** The principal of a token, checked against the current user list (a removed user is out). */
  public Principal authenticate(String token) {
    Principal principal = tokens.verify(token);
    User user = users.get(principal.username());
    if (user == null) {
      throw new AuthenticationException("unknown user");
    }
    return new Principal(user.name(), user.role(), principal.expiresAt());
  }

  /**
   * The principal of a token whose role includes {@code required}.
   *
   * @throws AuthenticationException without a valid token
   * @throws ForbiddenException when the role is not enough
   */
  public Principal authorize(String token, Role required) {
    Principal principal = authenticate(token);
    if (!principal.role().includes(required)) {
      throw new ForbiddenException(
          "user " + principal.username() + " (" + principal.role().id() + ") may not do this: " + required.id() + " role required");
    }
    return principal;
  }

  /** The token of an {@code Authorization: Bearer} header value, if there is one. */
  public static Optional<String> bearer(String authorizationHeader) {
    if (authorizationHeader == null) {
      return Optional.empty();
    }
    String value = authorizationHeader.trim();
    if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(value.substring(7).trim());
    }
    return Optional.empty();
  }
}
