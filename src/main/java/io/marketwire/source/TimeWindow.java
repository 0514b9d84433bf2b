package io.marketwire.source;

import io.marketwire.model.Timestamps;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The span of bar start times a replay covers, {@code [fromEpochMillis, toEpochMillis)}.
 *
 * <p>Parsed from what people write in a URI: an ISO date covers that whole UTC day on either end
 * (so {@code from=2024-03-01&to=2024-03-01} is one day), an ISO instant is exact (and the end is
 * exclusive), an epoch number is read by magnitude like a timestamp. Blank means unbounded.
 *
 * @param fromEpochMillis first bar start included
 * @param toEpochMillis first bar start excluded
 */
public record TimeWindow(long fromEpochMillis, long toEpochMillis) {

  /** Every bar. */
  public static final TimeWindow ALL = new TimeWindow(Long.MIN_VALUE, Long.MAX_VALUE);

  private static final long DAY_MILLIS = 86_400_000L;

  public TimeWindow {
    if (toEpochMillis < fromEpochMillis) {
      throw new IllegalArgumentException(
          "time window ends before it starts: from "
              + fromEpochMillis
              + " to "
              + toEpochMillis
              + " (epoch millis)");
    }
  }

  /**
   * Parses the two ends; either may be {@code null} or blank.
   *
   * @throws IllegalArgumentException naming the end that is not a date, instant or epoch number
   */
  public static TimeWindow parse(String from, String to) {
    long start = isBlank(from) ? Long.MIN_VALUE : parseEnd("from", from, false);
    long end = isBlank(to) ? Long.MAX_VALUE : parseEnd("to", to, true);
    return new TimeWindow(start, end);
  }

  /** The UTC days from {@code first} to {@code last}, both included. */
  public static TimeWindow days(LocalDate first, LocalDate last) {
    return new TimeWindow(
        first.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli(),
        last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli());
  }

  public boolean contains(long epochMillis) {
    return epochMillis >= fromEpochMillis && epochMillis < toEpochMillis;
  }

  private static long parseEnd(String name, String text, boolean isEnd) {
    String value = text.trim();
    try {
      if (value.length() == 10 && value.charAt(4) == '-' && value.charAt(7) == '-') {
        long dayStart =
            LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
        return isEnd ? dayStart + DAY_MILLIS : dayStart;
      }
      if (value.chars().allMatch(Character::isDigit)) {
        return Math.floorDiv(Timestamps.fromEpochNumber(Long.parseLong(value)), 1_000_000L);
      }
      return Math.floorDiv(Timestamps.parseIso(value), 1_000_000L);
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          name + "=\"" + text + "\" is not an ISO date, ISO date-time or epoch number", e);
    }
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
