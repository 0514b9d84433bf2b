package io.marketwire.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Marketwire's settings as the rest of the project sees them outside Camel's own placeholder
 * resolution (commands, tests, benchmarks): {@code config/application.properties}, then
 * {@code config/application-<profile>.properties}, then environment variables named after the
 * key in upper case with dots and dashes as underscores. This is the same order Camel Main
 * applies, so a value means the same thing everywhere.
 */
public final class LayeredProperties {

  /** Environment variable that selects the profile; {@code dev} when unset. */
  public static final String PROFILE_ENV = "MARKETWIRE_PROFILE";

  public static final String DEFAULT_PROFILE = "dev";

  private final Properties files;
  private final Map<String, String> environment;
  private final String profile;

  private LayeredProperties(Properties files, Map<String, String> environment, String profile) {
    this.files = files;
    this.environment = environment;
    this.profile = profile;
  }

  /** Loads the layers from {@code configDir} for the profile named by the environment. */
  public static LayeredProperties load(Path configDir) {
    return load(configDir, activeProfile(System.getenv()), System.getenv());
  }

  public static LayeredProperties load(
      Path configDir, String profile, Map<String, String> environment) {
    Properties merged = new Properties();
    readInto(merged, configDir.resolve("application.properties"));
    readInto(merged, configDir.resolve("application-" + profile + ".properties"));
    return new LayeredProperties(merged, environment, profile);
  }

  public static String activeProfile(Map<String, String> environment) {
    String value = environment.get(PROFILE_ENV);
    return value == null || value.isBlank() ? DEFAULT_PROFILE : value.trim();
  }

  /** The environment variable that overrides {@code key}. */
  public static String environmentName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String profile() {
    return profile;
  }

  /**
   * The keys of the config files that an environment variable overrides, with its value. Camel
   * resolves {@code {{placeholders}}} against the environment itself, but reads its own settings
   * ({@code camel.server.port}, {@code camel.metrics.*}, ...) only from some prefixes; handing
   * these to Camel Main as overrides makes every key in {@code config/} overridable the same way.
   */
  public Map<String, String> environmentOverrides() {
    Map<String, String> overrides = new java.util.TreeMap<>();
    for (String key : files.stringPropertyNames()) {
      String value = environment.get(environmentName(key));
      if (value != null) {
        overrides.put(key, value);
      }
    }
    return overrides;
  }

  public Optional<String> get(String key) {
    String fromEnv = environment.get(environmentName(key));
    if (fromEnv != null) {
      return Optional.of(fromEnv);
    }
    return Optional.ofNullable(files.getProperty(key)).map(String::trim);
  }

  public String require(String key) {
    return get(key)
        .filter(v -> !v.isBlank())
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "missing setting "
                        + key
                        + " (set it in config/ or the environment variable "
                        + environmentName(key)
                        + ")"));
  }

  /**
   * A key config/ must have, though its value may be blank (an empty password: no AUTH); a key
   * absent from every layer fails naming it, so no caller needs a default of its own.
   */
  public String requirePresent(String key) {
    return get(key)
        .orElseThrow(
            () -> new IllegalStateException("missing setting " + key + " (add it to config/application.properties)"));
  }

  /** true or false, which config/ must set. */
  public boolean requireBoolean(String key) {
    return Boolean.parseBoolean(requirePresent(key).trim());
  }

  /** A whole number config/ must set: a missing or blank key fails naming it. */
  public int requireInt(String key) {
    String value = require(key);
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(key + " must be a whole number, was '" + value + "'", e);
    }
  }

  private static void readInto(Properties target, Path file) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      target.load(reader);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
