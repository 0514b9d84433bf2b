package io.marketwire.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The part of the configuration that ops change while the app runs ({@code config/routing.properties}):
 * which stream a symbol's ticks go to and the price-alert threshold per symbol. Immutable: a change builds a new instance, and only a fully valid file replaces the one
 * in force, so a typo can never leave half a configuration behind.
 *
 * <p>Keys: {@code stream.default}, {@code stream.<SYMBOL>}, {@code alert-threshold-percent.default},
 * {@code alert-threshold-percent.<SYMBOL>}. Unknown keys are errors, so
 * a misspelt key is reported instead of silently ignored.
 */
public final class RoutingRules {

  private static final Pattern SYMBOL = Pattern.compile("[A-Z][A-Z0-9.\\-]{0,11}");
  private static final Pattern STREAM_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,255}");

  public static final RoutingRules DEFAULTS =
      new RoutingRules("market-data", Map.of(), 2.0, Map.of());

  private final String defaultStream;
  private final Map<String, String> streamBySymbol;
  private final double defaultAlertThresholdPercent;
  private final Map<String, Double> alertThresholdBySymbol;

  private RoutingRules(
      String defaultStream,
      Map<String, String> streamBySymbol,
      double defaultAlertThresholdPercent,
      Map<String, Double> alertThresholdBySymbol) {
    this.defaultStream = defaultStream;
    this.streamBySymbol = Map.copyOf(streamBySymbol);
    this.defaultAlertThresholdPercent = defaultAlertThresholdPercent;
    this.alertThresholdBySymbol = Map.copyOf(alertThresholdBySymbol);
  }

  /**
   * Parses and validates every key.
   *
   * @throws InvalidRoutingRulesException listing every invalid key with its value and what is
   *     expected
   */
  public static RoutingRules parse(Properties properties) {
    return parse(properties, DEFAULTS.defaultStream);
  }

  /**
   * As {@link #parse(Properties)}, with the stream for unlisted symbols taken from the app's
   * configuration ({@code marketwire.market-data.stream}) unless the file sets {@code stream.default}.
   */
  public static RoutingRules parse(Properties properties, String configuredDefaultStream) {
    List<String> errors = new ArrayList<>();
    String defaultStream = configuredDefaultStream;
    double defaultThreshold = DEFAULTS.defaultAlertThresholdPercent;
    Map<String, String> streams = new TreeMap<>();
    Map<String, Double> thresholds = new TreeMap<>();

    for (String key : new TreeMap<>(properties).keySet().stream().map(Object::toString).toList()) {
      String value = properties.getProperty(key).trim();
      if (key.equals("stream.default")) {
        defaultStream = streamName(key, value, errors);
      } else if (key.startsWith("stream.")) {
        String symbol = symbol(key, "stream.", errors);
        streams.put(symbol, streamName(key, value, errors));
      } else if (key.equals("alert-threshold-percent.default")) {
        defaultThreshold = percent(key, value, errors);
      } else if (key.startsWith("alert-threshold-percent.")) {
        String symbol = symbol(key, "alert-threshold-percent.", errors);
        thresholds.put(symbol, percent(key, value, errors));
      } else {
        errors.add(
            key
                + ": unknown key (valid: stream.default, stream.<SYMBOL>, alert-threshold-percent.default,"
                + " alert-threshold-percent.<SYMBOL>)");
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRoutingRulesException(errors);
    }
    return new RoutingRules(defaultStream, streams, defaultThreshold, thresholds);
  }

  /** These rules with another stream for unlisted symbols. */
  public RoutingRules withDefaultStream(String stream) {
    return new RoutingRules(stream, streamBySymbol, defaultAlertThresholdPercent, alertThresholdBySymbol);
  }

  /** The stream a symbol's ticks are published to. */
  public String streamFor(String symbol) {
    return streamBySymbol.getOrDefault(symbol, defaultStream);
  }

  /** Every stream these rules name: the default one and each symbol's. */
  public java.util.SortedSet<String> streams() {
    java.util.SortedSet<String> streams = new java.util.TreeSet<>(streamBySymbol.values());
    streams.add(defaultStream);
    return streams;
  }

  /** The move from the reference price, in percent, that raises a price alert. */
  public double alertThresholdPercent(String symbol) {
    return alertThresholdBySymbol.getOrDefault(symbol, defaultAlertThresholdPercent);
  }

  @Override
  public String toString() {
    return "RoutingRules[stream.default="
        + defaultStream
        + ", streams="
        + streamBySymbol
        + ", alert-threshold-percent.default="
        + defaultAlertThresholdPercent
        + ", thresholds="
        + alertThresholdBySymbol
        + "]";
  }

  private static String symbol(String key, String prefix, List<String> errors) {
    String symbol = key.substring(prefix.length());
    if (!SYMBOL.matcher(symbol).matches()) {
      errors.add(key + ": '" + symbol + "' is not a symbol (upper-case letters and digits, 1-12 characters)");
    }
    return symbol;
  }

  private static String streamName(String key, String value, List<String> errors) {
    if (!STREAM_NAME.matcher(value).matches()) {
      errors.add(key + " = '" + value + "': a stream name is 1-255 of A-Z a-z 0-9 _ . -");
    }
    return value;
  }

  private static double percent(String key, String value, List<String> errors) {
    try {
      double percent = Double.parseDouble(value);
      if (!(percent > 0 && percent <= 100)) {
        errors.add(key + " = '" + value + "': a percentage must be above 0 and at most 100");
      }
      return percent;
    } catch (NumberFormatException e) {
      errors.add(key + " = '" + value + "': not a number (e.g. 2.5)");
      return Double.NaN;
    }
  }

  /** Every invalid key of a routing file, in one message. */
  public static final class InvalidRoutingRulesException extends IllegalArgumentException {
    private final List<String> problems;

    InvalidRoutingRulesException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }
}
