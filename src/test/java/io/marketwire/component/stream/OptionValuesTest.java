package io.marketwire.component.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.stream.OffsetSpecification;
import com.rabbitmq.stream.compression.Compression;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OptionValuesTest {

  @Test
  void parsesEveryOffsetForm() {
    assertThat(OptionValues.offset("offset", "first")).isEqualTo(OffsetSpecification.first());
    assertThat(OptionValues.offset("offset", "LAST")).isEqualTo(OffsetSpecification.last());
    assertThat(OptionValues.offset("offset", "next")).isEqualTo(OffsetSpecification.next());
    assertThat(OptionValues.offset("offset", "offset:42")).isEqualTo(OffsetSpecification.offset(42));
    assertThat(OptionValues.offset("offset", "timestamp:1700000000000"))
        .isEqualTo(OffsetSpecification.timestamp(1_700_000_000_000L));
    assertThat(OptionValues.offset("offset", "timestamp:2023-11-14T22:13:20Z"))
        .isEqualTo(OffsetSpecification.timestamp(1_700_000_000_000L));
    assertThat(OptionValues.offset("offset", "timestamp:2023-11-14T23:13:20+01:00"))
        .isEqualTo(OffsetSpecification.timestamp(1_700_000_000_000L));
  }

  @Test
  void malformedOffsetNamesOptionAndValidValues() {
    assertThatThrownBy(() -> OptionValues.offset("offset", "middle"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'middle'")
        .hasMessageContaining("option offset")
        .hasMessageContaining("first, last, next, offset:<N>, timestamp:");
    assertThatThrownBy(() -> OptionValues.offset("offset", "offset:-1"))
        .hasMessageContaining(">= 0");
    assertThatThrownBy(() -> OptionValues.offset("offset", "timestamp:yesterday"))
        .hasMessageContaining("ISO-8601");
  }

  @Test
  void parsesSizesInDecimalUnits() {
    assertThat(OptionValues.size("maxLengthBytes", "10gb")).isEqualTo(10_000_000_000L);
    assertThat(OptionValues.size("maxSegmentSizeBytes", "500MB")).isEqualTo(500_000_000L);
    assertThat(OptionValues.size("maxLengthBytes", "1024")).isEqualTo(1024L);
    assertThatThrownBy(() -> OptionValues.size("maxLengthBytes", "ten gigs"))
        .hasMessageContaining("option maxLengthBytes")
        .hasMessageContaining("500mb");
  }

  @Test
  void parsesDurations() {
    assertThat(OptionValues.duration("maxAge", "24h")).isEqualTo(Duration.ofHours(24));
    assertThat(OptionValues.duration("maxAge", "7d")).isEqualTo(Duration.ofDays(7));
    assertThat(OptionValues.duration("confirmTimeout", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(OptionValues.duration("maxAge", "PT12H")).isEqualTo(Duration.ofHours(12));
    assertThatThrownBy(() -> OptionValues.duration("maxAge", "a day"))
        .hasMessageContaining("option maxAge")
        .hasMessageContaining("24h");
  }

  @Test
  void enumValuesListAlternatives() {
    assertThat(OptionValues.oneOf("compression", "zstd", Compression.class))
        .isEqualTo(Compression.ZSTD);
    assertThatThrownBy(() -> OptionValues.oneOf("compression", "brotli", Compression.class))
        .hasMessageContaining("option compression")
        .hasMessageContaining("none, gzip, snappy, lz4, zstd");
  }
}
