package io.marketwire.component.stream;

import com.rabbitmq.stream.OffsetSpecification;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads the offset option: {@code first}, {@code last}, {@code next}, {@code offset:N} or {@code
 * timestamp:T}, T being ISO-8601 (e.g. {@code 2026-11-26T09:30:00Z}) or epoch milliseconds. It is
 * a small language rather than an enum, so it is parsed here and not by Camel's converters.
 */
public final class RabbitMqStreamOffsets {

  static final String VALID =
      "valid values: first, last, next, offset:<N>, timestamp:<ISO-8601 or epoch millis>";

  private RabbitMqStreamOffsets() {}

  /** The offset specification, or an IllegalArgumentException that lists the valid forms. */
  public static OffsetSpecification parse(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(VALID);
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
      long offset;
      try {
        offset = Long.parseLong(v.substring("offset:".length()).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(VALID);
      }
      if (offset < 0) {
        throw new IllegalArgumentException(VALID + " (N must be >= 0)");
      }
      return OffsetSpecification.offset(offset);
    }
    if (lower.startsWith("timestamp:")) {
      return OffsetSpecification.timestamp(epochMillis(v.substring("timestamp:".length()).trim()));
    }
    throw new IllegalArgumentException(VALID);
  }

  private static long epochMillis(String v) {
    if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
      return Long.parseLong(v);
    }
    try {
      return Instant.parse(v).toEpochMilli();
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(v).toInstant().toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            "a timestamp must be epoch millis or ISO-8601 such as 2026-11-26T09:30:00Z");
      }
    }
  }
}
