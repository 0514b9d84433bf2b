package io.marketwire.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * config/application.properties is the one place a setting's default lives: every key the code,
 * the routes and the kamelets read must be there, and with a comment, so a missing key is caught
 * by the build rather than by a start-up that fails on it (or worse, by a default hidden in code).
 */
class SettingsCatalogTest {

  private static final Path CONFIG = Path.of("config/application.properties");

  /** A key as Java reads it: the value of {@code @PropertyInject}, or a {@code LayeredProperties} read. */
  private static final Pattern JAVA_READ =
      Pattern.compile(
          "(?:@PropertyInject\\(\\s*(?:value\\s*=\\s*)?|resolveProperty\\(|\\.get\\(|getInt\\(|getBoolean\\(|require\\w*\\()"
              + "\"((?:marketwire|camel)\\.[A-Za-z0-9._-]+)\"");

  /**
   * A key as a route, a kamelet or a setting reads it: {@code {{key}}}, {@code {{?key}}},
   * {@code {{key:default}}}, {@code {{millis:key}}}.
   */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("\\{\\{\\??(?:millis:)?((?:marketwire|camel)\\.[A-Za-z0-9._-]+)");

  /** A key as dev/services reads it before any Java is built: {@code $(conf key)}. */
  private static final Pattern SCRIPT_READ = Pattern.compile("\\$\\(conf ((?:marketwire|camel)\\.[A-Za-z0-9._-]+)");

  /** A time unit in a key's name: durations are values in Camel's time style ({@code 5s}, {@code 200ms}). */
  private static final Pattern UNIT_IN_NAME = Pattern.compile(".*-(?:ms|millis|seconds|secs)$");

  /**
   * Keys that still carry their unit, each with the reason: seed 000's replay option
   * {@code --timeout-seconds} sets this one in {@code cli/MarketDataCommands}, which another branch
   * is changing; it is renamed when that lands.
   */
  private static final Set<String> UNIT_IN_NAME_FOR_NOW = Set.of("marketwire.stream-replay.timeout-seconds");

  @Test
  void everyKeyTheCodeReadsIsInTheBaseConfiguration() throws IOException {
    Set<String> read = keysReadIn(Path.of("src/main/java"), JAVA_READ, ".java");
    read.addAll(keysReadIn(Path.of("src/main/java"), PLACEHOLDER, ".java"));
    read.addAll(keysReadIn(Path.of("routes"), PLACEHOLDER, ".yaml"));
    read.addAll(keysReadIn(Path.of("kamelets"), PLACEHOLDER, ".yaml"));
    read.addAll(keysReadIn(Path.of("config"), PLACEHOLDER, ".properties"));
    Set<String> readByScripts = keysReadIn(Path.of("dev"), SCRIPT_READ, "");
    assertThat(readByScripts).as("dev/services' conf reads").contains("marketwire.services.amqp-port");
    read.addAll(readByScripts);
    // the scan must see the code, or this test would pass on nothing
    assertThat(read).contains("marketwire.rabbitmq.host", "marketwire.market-data.stream").hasSizeGreaterThan(100);

    Set<String> configured = baseConfiguration().stringPropertyNames();
    assertThat(new TreeSet<>(read))
        .as("keys read by src/main/java, routes/, kamelets/ or dev/ but missing from " + CONFIG)
        .isSubsetOf(configured);
  }

  @Test
  void noKeyNamesItsTimeUnit() throws IOException {
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> files = Files.list(CONFIG.getParent())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".properties")).toList()) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          properties.load(reader);
        }
        keys.addAll(properties.stringPropertyNames());
      }
    }
    // any key Java names, tests' overrides included
    keys.addAll(keysReadIn(Path.of("src"), Pattern.compile("\"(marketwire\\.[A-Za-z0-9._-]+)\""), ".java"));
    keys.addAll(keysReadIn(Path.of("src"), PLACEHOLDER, ".java"));
    keys.addAll(keysReadIn(Path.of("routes"), PLACEHOLDER, ".yaml"));
    keys.addAll(keysReadIn(Path.of("kamelets"), PLACEHOLDER, ".yaml"));
    assertThat(keys).contains("marketwire.dataplane.queue-ttl");
    assertThat(keys.stream().filter(k -> UNIT_IN_NAME.matcher(k).matches()).filter(k -> !UNIT_IN_NAME_FOR_NOW.contains(k)))
        .as("keys named after a time unit: name the quantity and give the value in Camel's time style (5s, 200ms)")
        .isEmpty();
  }

  @Test
  void everyKeyOfTheBaseConfigurationIsExplainedByAComment() throws IOException {
    List<String> unexplained = new ArrayList<>();
    boolean paragraphHasComment = false;
    List<String> paragraphKeys = new ArrayList<>();
    List<String> lines = new ArrayList<>(Files.readAllLines(CONFIG, StandardCharsets.UTF_8));
    lines.add("");
    boolean continued = false;
    for (String raw : lines) {
      String line = raw.strip();
      if (continued) {
        continued = line.endsWith("\\");
        continue;
      }
      if (line.isEmpty()) {
        if (!paragraphHasComment) {
          unexplained.addAll(paragraphKeys);
        }
        paragraphHasComment = false;
        paragraphKeys.clear();
      } else if (line.startsWith("#")) {
        paragraphHasComment = true;
      } else {
        paragraphKeys.add(line.split("[=:]", 2)[0].strip());
        continued = line.endsWith("\\");
      }
    }
    assertThat(unexplained).as("keys in a paragraph of " + CONFIG + " without any comment").isEmpty();
  }

  private static Properties baseConfiguration() throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(CONFIG, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    return properties;
  }

  private static Set<String> keysReadIn(Path root, Pattern pattern, String suffix) throws IOException {
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(suffix)).toList()) {
        Matcher m = pattern.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) {
          keys.add(m.group(1));
        }
      }
    }
    return keys;
  }
}
