package io.marketwire.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

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
