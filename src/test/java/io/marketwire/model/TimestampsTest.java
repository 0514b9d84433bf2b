package io.marketwire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

  @Test
  void formatsNineFractionDigits() {
    assertThat(Timestamps.format(1_704_205_800_000_000_000L))
        .isEqualTo("2024-01-02T14:30:00.000000000Z");
  }

  @Test
  void formatAndParseAreInverse() {
    long nanos = 1_704_205_800_123_456_789L;

    assertThat(Timestamps.parseIso(Timestamps.format(nanos))).isEqualTo(nanos);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-01-02T14:30:00Z",
        "2024-01-02T14:30:00.5Z",
        "2024-01-02T14:30:00.123456+00:00",
        "2024-01-02 14:30:00.123456789-00:00",
        "2024-01-02T14:30:00.1234",
        "2024-01-02T09:30:00.25-05:00",
        "2024-01-02T14:30:00.123456789Z[UTC]",
        "2024-02-29T23:59:59.999999999Z",
        "1999-12-31T00:00:00+01:00"
      })
  void fastPathAgreesWithJavaTime(String text) {
    String iso = text.replace(' ', 'T');
    TemporalAccessor parsed =
        DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
    Instant expected =
        parsed instanceof OffsetDateTime offset
            ? offset.toInstant()
            : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);

    assertThat(Timestamps.parseIso(text)).isEqualTo(Timestamps.toEpochNanos(expected));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-02-30T00:00:00Z",
        "2024-01-02T24:00:00Z",
        "2024-01-02T14:30:00.1234567890Z",
        "2024-01-02"
      })
  void rejectsImpossibleDateTimes(String text) {
    assertThatThrownBy(() -> Timestamps.parseIso(text)).isInstanceOf(DateTimeException.class);
  }

  @Test
  void formatAgreesWithJavaTimeAcrossYears() {
    for (long nanos = -86_400_000_000_000L * 400;
        nanos < 4_102_444_800_000_000_000L;
        nanos += 7_777_777_777_777_777L) {
      String expected = Timestamps.toInstant(nanos).toString();
      String formatted = Timestamps.format(nanos);
      assertThat(Instant.parse(formatted)).as(expected).isEqualTo(Timestamps.toInstant(nanos));
      assertThat(formatted).hasSize(30);
    }
  }

  @Test
  void epochUnitsAreToldApartByMagnitude() {
    long expected = Timestamps.toEpochNanos(Instant.parse("2024-01-02T14:30:00Z"));

    assertThat(Timestamps.fromEpochNumber(1_704_205_800L)).isEqualTo(expected);
    assertThat(Timestamps.fromEpochNumber(1_704_205_800_000L)).isEqualTo(expected);
    assertThat(Timestamps.fromEpochNumber(1_704_205_800_000_000L)).isEqualTo(expected);
    assertThat(Timestamps.fromEpochNumber(1_704_205_800_000_000_000L)).isEqualTo(expected);
    assertThat(Timestamps.fromEpochNumber(new BigDecimal("1704205800.000000001")))
        .isEqualTo(expected + 1);
  }

  @Test
  void overflowIsReported() {
    assertThatThrownBy(() -> Timestamps.fromEpochNumber(99_999_999_999L))
        .isInstanceOf(ArithmeticException.class);
  }

  @Test
  void instantConversionHandlesPreEpoch() {
    assertThat(Timestamps.toInstant(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999999Z"));
  }
}
