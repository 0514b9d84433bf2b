package io.marketwire.web;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Password hashes as stored in configuration: {@code pbkdf2$ITERATIONS$SALT$HASH} with
 * PBKDF2-HMAC-SHA256 from the JDK, salt and hash in base64url. Verification takes constant time
 * in the hash length. {@code main} prints the hash of a password read from standard input.
 */
public final class PasswordHasher {

  public static final int DEFAULT_ITERATIONS = 100_000;
  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private PasswordHasher() {}

  public static String hash(char[] password) {
    return hash(password, DEFAULT_ITERATIONS);
  }

  public static String hash(char[] password, int iterations) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return "pbkdf2$"
        + iterations
        + "$"
        + b64.encodeToString(salt)
        + "$"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /** Whether {@code password} matches {@code stored}; a malformed stored hash never matches. */
  public static boolean verify(char[] password, String stored) {
    String[] parts = stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals("pbkdf2")) {
      return false;
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      Base64.Decoder b64 = Base64.getUrlDecoder();
      byte[] expected = b64.decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(password, b64.decode(parts[2]), iterations));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  /** Prints the hash of the password on standard input, for {@code marketwire.auth.users}. */
  public static void main(String[] args) throws Exception {
    java.io.Console console = System.console();
    char[] password =
        console != null
            ? console.readPassword("password: ")
            : new java.io.BufferedReader(new java.io.InputStreamReader(System.in))
                .readLine()
                .toCharArray();
    System.out.println(hash(password));
  }
}
