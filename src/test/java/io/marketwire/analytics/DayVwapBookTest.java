package io.marketwire.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.marketwire.model.MarketData;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DayVwapBookTest {

  private static final long DAY_NANOS = 1_704_205_800_000_000_000L; // 2024-01-02T14:30Z

  @Test
  void batchStatisticsPerSymbol() {
    var stats =
        BatchStatistics.bySymbol(
            List.of(tick("AZO", 10, 100, 0), tick("LII", 50, 1, 1), tick("AZO", 12, 300, 2), tick("AZO", 9, 0, 3)));
    SymbolStatsSnapshot azo = stats.get("AZO");
    assertThat(azo.count()).isEqualTo(3);
    assertThat(azo.open()).isEqualTo(10);
    assertThat(azo.close()).isEqualTo(9);
    assertThat(azo.high()).isEqualTo(12);
    assertThat(azo.low()).isEqualTo(9);
    assertThat(azo.volume()).isEqualTo(400);
    assertThat(azo.vwap()).isCloseTo((10 * 100 + 12 * 300) / 400.0, within(1e-12));
    assertThat(stats.keySet()).containsExactly("AZO", "LII");
  }

  @Test
  void aBatchSpanningMidnightGivesEachDayItsOwnStatistics() {
    long nextDay = DAY_NANOS + 86_400_000_000_000L;
    var stats =
        BatchStatistics.byDayAndSymbol(
            List.of(tickAt("AZO", 10, 100, DAY_NANOS), tickAt("AZO", 20, 100, nextDay), tickAt("AZO", 30, 100, nextDay + 1)));
    assertThat(stats.keySet()).containsExactly("2024-01-02/AZO", "2024-01-03/AZO");
    assertThat(stats.get("2024-01-02/AZO").vwap()).isEqualTo(10);
    assertThat(stats.get("2024-01-03/AZO").count()).isEqualTo(2);
    assertThat(stats.get("2024-01-03/AZO").vwap()).isCloseTo(25, within(1e-12));
    assertThat(stats.get("2024-01-03/AZO").open()).isEqualTo(20);
  }

  @Test
  void aRedeliveredBatchIsAppliedOnlyFromWhereTheBookLeftOff() {
    List<MarketData> ticks = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ticks.add(tick("AZO", 100 + (i % 7), 10 + i, i));
    }
    DayVwapBook straight = new DayVwapBook();
    applyInBatches(straight, ticks, 0, 100, 10);

    // the crash: batches up to offset 59 applied, the consumer resumes from a stored offset of 39
    DayVwapBook crashed = new DayVwapBook();
    applyInBatches(crashed, ticks, 0, 60, 10);
    DayVwapBook restored = DayVwapBook.restore(crashed.all(), crashed.lastAppliedOffset());
    applyInBatches(restored, ticks, 40, 100, 7);

    LocalDate day = DayVwapBook.dayOf(DAY_NANOS);
    assertThat(restored.day(day, "AZO").orElseThrow()).isEqualTo(straight.day(day, "AZO").orElseThrow());
  }

  @Test
  void aBatchSpanningMidnightCountsEachTickInItsOwnDay() {
    long nextDay = DAY_NANOS + 24L * 3600 * 1_000_000_000L;
    DayVwapBook book = new DayVwapBook();
    book.apply(
        List.of(tick("AZO", 10, 100, 0), new MarketData("AZO", 11, 1, 13, 1, 12, 50, 0, nextDay, "T", 1)), 1);
    assertThat(book.day(DayVwapBook.dayOf(DAY_NANOS), "AZO").orElseThrow().volume()).isEqualTo(100);
    assertThat(book.day(DayVwapBook.dayOf(nextDay), "AZO").orElseThrow().volume()).isEqualTo(50);
  }

  private static void applyInBatches(DayVwapBook book, List<MarketData> ticks, int from, int to, int size) {
    for (int start = from; start < to; start += size) {
      List<MarketData> fresh = new ArrayList<>();
      int end = Math.min(to, start + size);
      for (int offset = start; offset < end; offset++) {
        if (book.isNew(offset)) {
          fresh.add(ticks.get(offset));
        }
      }
      book.apply(fresh, end - 1);
    }
  }

  private static MarketData tickAt(String symbol, double price, long size, long timestampNanos) {
    return new MarketData(symbol, price - 0.01, 100, price + 0.01, 100, price, size, 0, timestampNanos, "TEST", 1);
  }

  private static MarketData tick(String symbol, double price, long size, long seq) {
    return new MarketData(symbol, price - 0.01, 100, price + 0.01, 100, price, size, 0, DAY_NANOS + seq * 1_000_000L, "TEST", seq);
  }
}
