package io.marketwire.component.stream;

import com.rabbitmq.stream.OffsetSpecification;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers for option values written by people ({@code 24h}, {@code 10gb}, {@code offset:42}).
 *
 * <p>Every failure is an {@link IllegalArgumentException} whose message names the option and the
 * accepted forms, because these values come from URIs and property files and the person who wrote
 * them needs to know which one is wrong without reading the code.
 */
public final class OptionValues {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|mb|gb|tb)?");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private OptionValues() {}

  /**
   * Parses {@code first}, {@code last}, {@code next}, {@code offset:N} or {@code timestamp:T} (T
   * being ISO-8601, e.g. {@code 2026-11-26T09:30:00Z}, or epoch milliseconds).
   */
  public static OffsetSpecification offset(String option, String value) {
    String valid =
        "valid values: first, last, next, offset:<N>, timestamp:<ISO-8601 or epoch millis>";
    if (value == null || value.isBlank()) {
      throw invalid(option, value, valid);
    }
    String v = value.trim();
    String lower = v.toLowerCase(Locale.ROOT);
    switch (lower) {
      case "first":
        return OffsetSpecification.first();
      case "last":
        return OffsetSpecification.last();
      case "next":
        return OffsetSpecification.next();
      default:
        break;
    }
    if (lower.startsWith("offset:")) {
      try {
        long offset = Long.parseLong(v.substring("offset:".length()).trim());
        if (offset < 0) {
          throw invalid(option, value, valid + " (N must be >= 0)");
        }
        return OffsetSpecification.offset(offset);
      } catch (NumberFormatException e) {
        throw invalid(option, value, valid);
      }
    }
    if (lower.startsWith("timestamp:")) {
      return OffsetSpecification.timestamp(timestamp(option, v.substring("timestamp:".length())));
    }
    throw invalid(option, value, valid);
  }

  /** Epoch millis from epoch millis or ISO-8601 (instant or offset date-time). */
  static long timestamp(String option, String value) {
    String v = value.trim();
    String valid = "a timestamp must be epoch millis or ISO-8601 such as 2026-11-26T09:30:00Z";
    if (v.chars().allMatch(Character::isDigit) && !v.isEmpty()) {
      return Long.parseLong(v);
    }
    try {
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(v).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw invalid(option, value, valid);
      }
    }
  }

  /** Bytes from {@code 500mb}, {@code 10gb}, {@code 1024} (units are powers of 1000, as RabbitMQ). */
  public static long size(String option, String value) {
    String valid = "valid forms: <number>[b|kb|mb|gb|tb], e.g. 500mb or 10gb";
    if (value == null || value.isBlank()) {
      throw invalid(option, value, valid);
    }
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw invalid(option, value, valid);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    // ByteCapacity in the stream client uses decimal units, so we do too
    long factor =
        switch (unit) {
          case "kb" -> 1_000L;
          case "mb" -> 1_000_000L;
          case "gb" -> 1_000_000_000L;
          case "tb" -> 1_000_000_000_000L;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(n, factor);
    } catch (ArithmeticException e) {
      throw invalid(option, value, valid + " (value too large)");
    }
  }

  /** A duration from {@code 24h}, {@code 7d}, {@code 30s}, {@code 100ms}, or ISO-8601 PT... */
  public static Duration duration(String option, String value) {
    String valid = "valid forms: <number>[ms|s|m|h|d] (e.g. 24h, 7d, 500ms) or ISO-8601 (PT24H)";
    if (value == null || value.isBlank()) {
      throw invalid(option, value, valid);
    }
    String v = value.trim();
    if (v.toUpperCase(Locale.ROOT).startsWith("P")) {
      try {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(option, value, valid);
      }
    }
    Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw invalid(option, value, valid);
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "ms" : m.group(2);
    return switch (unit) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofMillis(n);
    };
  }

  /** One of an enum's constants, case-insensitive. */
  public static <E extends Enum<E>> E oneOf(String option, String value, Class<E> type) {
    String valid =
        "valid values: "
            + String.join(
                ", ",
                Arrays.stream(type.getEnumConstants())
                    .map(e -> e.name().toLowerCase(Locale.ROOT))
                    .toList());
    if (value == null) {
      throw invalid(option, null, valid);
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    throw invalid(option, value, valid);
  }

  static IllegalArgumentException invalid(String option, String value, String valid) {
    return new IllegalArgumentException(
        "Invalid value '" + value + "' for option " + option + " of rabbitmq-stream: " + valid);
  }
}
