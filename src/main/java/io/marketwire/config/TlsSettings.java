package io.marketwire.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where TLS connections find the certificates they trust ({@code marketwire.tls.trust-store}: a PEM
 * file of CA certificates or a PKCS12 file; blank means the JDK's default trust store) and, for
 * mutual TLS, their own certificate and key ({@code marketwire.tls.key-store}, PKCS12; blank means
 * none). One record for every connection, so AMQP, streams and Redis trust the same CAs.
 */
public record TlsSettings(
    String trustStore, String trustStorePassword, String keyStore, String keyStorePassword) {

  /** The JDK's trust store, no client certificate. */
  public static final TlsSettings JDK_DEFAULTS = new TlsSettings("", "", "", "");

  public TlsSettings {
    trustStore = blankToEmpty(trustStore);
    trustStorePassword = blankToEmpty(trustStorePassword);
    keyStore = blankToEmpty(keyStore);
    keyStorePassword = blankToEmpty(keyStorePassword);
  }

  /** The {@code marketwire.tls.*} keys, read through {@code setting} (empty string when unset). */
  public static TlsSettings from(Function<String, String> setting) {
    return new TlsSettings(
        setting.apply("marketwire.tls.trust-store"),
        setting.apply("marketwire.tls.trust-store-password"),
        setting.apply("marketwire.tls.key-store"),
        setting.apply("marketwire.tls.key-store-password"));
  }

  public static TlsSettings from(LayeredProperties config) {
    return from(config::requirePresent);
  }

  /** The trust store file, a leading {@code ~/} being the home folder; empty: the JDK's. */
  public Optional<Path> trustStorePath() {
    return path(trustStore);
  }

  /** The key store file (mutual TLS); empty: no client certificate. */
  public Optional<Path> keyStorePath() {
    return path(keyStore);
  }

  private static Optional<Path> path(String value) {
    if (value.isEmpty()) {
      return Optional.empty();
    }
    // settings files cannot expand ~ by themselves, and the local CA lives under the home folder
    if (value.equals("~") || value.startsWith("~/")) {
      return Optional.of(Path.of(System.getProperty("user.home") + value.substring(1)));
    }
    return Optional.of(Path.of(value));
  }

  private static String blankToEmpty(String value) {
    return value == null ? "" : value.trim();
  }

  /** Names the stores, never their passwords. */
  @Override
  public String toString() {
    return "TlsSettings[trust-store="
        + (trustStore.isEmpty() ? "JDK default" : trustStore)
        + (keyStore.isEmpty() ? "" : ", key-store=" + keyStore)
        + "]";
  }
}
