package io.marketwire.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
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
  private static final long SECONDS_PER_DAY = 86_400L;
  private static final long NOT_COMMON = Long.MIN_VALUE;

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
    long seconds = Math.floorDiv(epochNanos, NANOS_PER_SECOND);
    int nanos = (int) Math.floorMod(epochNanos, NANOS_PER_SECOND);
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
    if (date.getYear() < 0 || date.getYear() > 9999) {
      return ISO_NANOS.format(toInstant(epochNanos));
    }
    // by hand: DateTimeFormatter costs about a microsecond per call, on every message
    int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
    char[] text = new char[30];
    digits(text, 0, date.getYear(), 4);
    text[4] = '-';
    digits(text, 5, date.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, date.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3600, 2);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60, 2);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60, 2);
    text[19] = '.';
    digits(text, 20, nanos, 9);
    text[29] = 'Z';
    return new String(text);
  }

  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
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
    long fast = parseCommon(iso);
    if (fast != NOT_COMMON) {
      return fast;
    }
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

  /**
   * The forms producers actually send, parsed by hand because {@code parseBest} costs several
   * microseconds: {@code yyyy-MM-dd(T| )HH:mm:ss}, an optional fraction of 1 to 9 digits, then
   * {@code Z}, {@code +00:00}/{@code -00:00} or nothing (UTC). Anything else, including other
   * offsets, returns {@link #NOT_COMMON} and goes through {@link DateTimeFormatter}.
   */
  private static long parseCommon(String s) {
    int length = s.length();
    if (length < 19
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || (s.charAt(10) != 'T' && s.charAt(10) != ' ')
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return NOT_COMMON;
    }
    int year = number(s, 0, 4);
    int month = number(s, 5, 2);
    int day = number(s, 8, 2);
    int hour = number(s, 11, 2);
    int minute = number(s, 14, 2);
    int second = number(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) {
      return NOT_COMMON;
    }
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return NOT_COMMON;
    }
    int at = 19;
    int nanos = 0;
    if (at < length && s.charAt(at) == '.') {
      int start = ++at;
      while (at < length && at - start < 9 && isDigit(s.charAt(at))) {
        nanos = nanos * 10 + (s.charAt(at++) - '0');
      }
      int fractionDigits = at - start;
      if (fractionDigits == 0 || (at < length && isDigit(s.charAt(at)))) {
        return NOT_COMMON;
      }
      for (int i = fractionDigits; i < 9; i++) {
        nanos *= 10;
      }
    }
    String zone = s.substring(at);
    if (!(zone.isEmpty() || zone.equals("Z") || zone.equals("+00:00") || zone.equals("-00:00"))) {
      return NOT_COMMON;
    }
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      return NOT_COMMON; // e.g. 2024-02-30: let the formatter report it
    }
    long seconds = date.toEpochDay() * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second;
    return Math.addExact(Math.multiplyExact(seconds, NANOS_PER_SECOND), nanos);
  }

  private static int number(String s, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
