package io.marketwire.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

  private static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void datesCoverWholeDays() {
    TimeWindow window = TimeWindow.parse("2024-03-01", "2024-03-01");

    assertThat(window.fromEpochMillis()).isEqualTo(millis("2024-03-01T00:00:00Z"));
    assertThat(window.toEpochMillis()).isEqualTo(millis("2024-03-02T00:00:00Z"));
    assertThat(window.contains(millis("2024-03-01T20:59:00Z"))).isTrue();
    assertThat(window.contains(millis("2024-03-02T00:00:00Z"))).isFalse();
  }

  @Test
  void instantsAreExactWithExclusiveEnd() {
    TimeWindow window = TimeWindow.parse("2024-03-01T14:30:00Z", "2024-03-01T15:00:00Z");

    assertThat(window.contains(millis("2024-03-01T14:30:00Z"))).isTrue();
    assertThat(window.contains(millis("2024-03-01T14:59:00Z"))).isTrue();
    assertThat(window.contains(millis("2024-03-01T15:00:00Z"))).isFalse();
  }

  @Test
  void epochNumbersAndBlanks() {
    TimeWindow window = TimeWindow.parse("1709303400000", " ");

    assertThat(window.fromEpochMillis()).isEqualTo(1_709_303_400_000L);
    assertThat(window.toEpochMillis()).isEqualTo(Long.MAX_VALUE);
    assertThat(TimeWindow.parse(null, null)).isEqualTo(TimeWindow.ALL);
  }

  @Test
  void rejectsNonsenseNamingTheEnd() {
    assertThatThrownBy(() -> TimeWindow.parse("yesterday", null))
        .hasMessageStartingWith("from=\"yesterday\"");
    assertThatThrownBy(() -> TimeWindow.parse("2024-03-03", "2024-03-01"))
        .hasMessageContaining("ends before it starts");
  }
}
