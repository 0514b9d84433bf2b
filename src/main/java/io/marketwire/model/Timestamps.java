package io.marketwire.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Conversions between the forms a market data timestamp arrives in and Marketwire's epoch
 * nanoseconds.
 *
 * <p>Producers disagree on units: Python writes ISO-8601 text, JavaScript epoch milliseconds, kdb+
 * and many C++ feeds epoch nanoseconds. Numbers are told apart by magnitude, which is unambiguous
 * for any date between 1973 and 5138: below 1e11 they are seconds, below 1e14 milliseconds, below
 * 1e17 microseconds, otherwise nanoseconds.
 */
public final class Timestamps {

  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SECONDS_LIMIT = 100_000_000_000L; // 1e11
  private static final long MILLIS_LIMIT = 100_000_000_000_000L; // 1e14
  private static final long MICROS_LIMIT = 100_000_000_000_000_000L; // 1e17

  /** Always nine fraction digits, so the text keeps nanoseconds and sorts as a string. */
  private static final DateTimeFormatter ISO_NANOS =
      new DateTimeFormatterBuilder()
          .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
          .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
          .appendLiteral('Z')
          .toFormatter()
          .withZone(ZoneOffset.UTC);

  private Timestamps() {}

  /** Epoch nanoseconds of {@code instant}; throws {@link ArithmeticException} past year 2262. */
  public static long toEpochNanos(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
  }

  public static Instant toInstant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
  }

  /** ISO-8601 UTC text with nine fraction digits, e.g. {@code 2024-01-02T14:30:00.000000001Z}. */
  public static String format(long epochNanos) {
    return ISO_NANOS.format(toInstant(epochNanos));
  }

  /**
   * Epoch nanoseconds of an epoch number in seconds, millis, micros or nanos (by magnitude).
   *
   * @throws ArithmeticException when the result does not fit in a long (after year 2262)
   */
  public static long fromEpochNumber(long value) {
    long magnitude = Math.abs(value);
    if (magnitude < SECONDS_LIMIT) {
      return Math.multiplyExact(value, NANOS_PER_SECOND);
    } else if (magnitude < MILLIS_LIMIT) {
      return Math.multiplyExact(value, 1_000_000L);
    } else if (magnitude < MICROS_LIMIT) {
      return Math.multiplyExact(value, 1_000L);
    }
    return value;
  }

  /**
   * Like {@link #fromEpochNumber(long)} for numbers with a fraction, such as Python's {@code
   * time.time()} seconds; rounds to the nearest nanosecond.
   */
  public static long fromEpochNumber(BigDecimal value) {
    BigDecimal magnitude = value.abs();
    int shift;
    if (magnitude.compareTo(BigDecimal.valueOf(SECONDS_LIMIT)) < 0) {
      shift = 9;
    } else if (magnitude.compareTo(BigDecimal.valueOf(MILLIS_LIMIT)) < 0) {
      shift = 6;
    } else if (magnitude.compareTo(BigDecimal.valueOf(MICROS_LIMIT)) < 0) {
      shift = 3;
    } else {
      shift = 0;
    }
    return value.movePointRight(shift).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /**
   * Parses ISO-8601 date-time text into epoch nanoseconds. Accepts an offset or {@code Z}, a space
   * instead of the {@code T} (Python's {@code str(datetime)}), and no offset at all, which is read
   * as UTC; fractions of up to nine digits are kept.
   *
   * @throws DateTimeException when the text is not such a date-time
   */
  public static long parseIso(String text) {
    String iso = text.trim();
    if (iso.length() > 10 && iso.charAt(10) == ' ') {
      iso = iso.substring(0, 10) + 'T' + iso.substring(11);
    }
    TemporalAccessor parsed =
        DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
    Instant instant =
        parsed instanceof OffsetDateTime offset
            ? offset.toInstant()
            : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    return toEpochNanos(instant);
  }
}
