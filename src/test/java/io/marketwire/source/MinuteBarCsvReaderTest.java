package io.marketwire.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketwire.model.MinuteBar;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinuteBarCsvReaderTest {

  private static final String CSV =
      "date;timestamp;close;high;low;open;price;volume\n"
          + "Tue, 02 Jan 2024 14:30:00 GMT;1704205800000;2584.43;2590;2584.43;2590;2589.1714;2345\n"
          + "Tue, 02 Jan 2024 14:32:00"
          + " GMT;1704205920000;2571.62;2582.955;2571.62;2582.955;2577.8341;542\n"
          + "\n"
          + "Tue, 02 Jan 2024 14:33:00"
          + " GMT;1704205980000;2588.1;2588.1;2588.1;2588.1;2585.1224;784\n";

  private static List<MinuteBar> read(String csv, TimeWindow window) {
    List<MinuteBar> bars = new ArrayList<>();
    try (MinuteBarCsvReader reader =
        new MinuteBarCsvReader(new BufferedReader(new StringReader(csv)), "AZO", window, "t.csv")) {
      reader.forEachRemaining(bars::add);
    }
    return bars;
  }

  @Test
  void readsColumnsByName() {
    List<MinuteBar> bars = read(CSV, TimeWindow.ALL);

    assertThat(bars).hasSize(3);
    assertThat(bars.get(0))
        .isEqualTo(
            new MinuteBar("AZO", 1704205800000L, 2590, 2590, 2584.43, 2584.43, 2589.1714, 2345));
  }

  @Test
  void columnOrderDoesNotMatter() {
    String csv = "volume;price;open;low;high;close;timestamp\n10;5.5;5;4;6;5.2;1704205800000\n";

    assertThat(read(csv, TimeWindow.ALL))
        .containsExactly(new MinuteBar("AZO", 1704205800000L, 5, 6, 4, 5.2, 5.5, 10));
  }

  @Test
  void keepsOnlyTheWindow() {
    TimeWindow window = new TimeWindow(1704205920000L, 1704205980000L);

    assertThat(read(CSV, window))
        .extracting(MinuteBar::startEpochMillis)
        .containsExactly(1704205920000L);
  }

  @Test
  void rejectsRowsOutOfOrderWithLineNumber() {
    String csv = CSV + "Tue, 02 Jan 2024 14:31:00 GMT;1704205860000;1;1;1;1;1;1\n";

    assertThatThrownBy(() -> read(csv, TimeWindow.ALL))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("t.csv line 6")
        .hasMessageContaining("not after the previous");
  }

  @Test
  void rejectsUnreadableRowsAndHeaders() {
    assertThatThrownBy(() -> read(CSV + "x;1704206000000;a;1;1;1;1;1\n", TimeWindow.ALL))
        .hasMessageContaining("t.csv line 6: not a number");
    assertThatThrownBy(() -> read(CSV + "x;1\n", TimeWindow.ALL))
        .hasMessageContaining("2 cells where the header has 8");
    assertThatThrownBy(() -> read("date;timestamp\n", TimeWindow.ALL))
        .hasMessageContaining("no \"open\" column");
  }
}
