package io.marketwire.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.marketwire.model.MarketData;
import io.marketwire.model.MinuteBar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Runs against the real 2024 files in {@code ../shared/data/minute-bars}. */
class BarReplayTest {

  private static final Path DATA = BarReplay.DEFAULT_DIRECTORY;
  private static final LocalDate DAY = LocalDate.of(2024, 1, 3);

  /** The day's rows of a symbol's file, read without the production reader. */
  private static List<String[]> rows(String symbol, LocalDate day) throws IOException {
    long from = day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    long to = from + 86_400_000L;
    return Files.readAllLines(DATA.resolve(symbol + "-2024.csv")).stream()
        .skip(1)
        .map(line -> line.split(";"))
        .filter(cells -> Long.parseLong(cells[1]) >= from && Long.parseLong(cells[1]) < to)
        .toList();
  }

  private static List<MarketData> ticks(BarReplay.Builder builder) {
    List<MarketData> ticks = new ArrayList<>();
    builder.open().forEach(ticks::add, null);
    return ticks;
  }

  @Test
  void dayVwapAndVolumeOfOneSymbolMatchTheFile() throws IOException {
    List<String[]> rows = rows("AZO", DAY);
    double notional = 0;
    long volume = 0;
    for (String[] row : rows) {
      notional += Double.parseDouble(row[6]) * Long.parseLong(row[7]);
      volume += Long.parseLong(row[7]);
    }
    double expectedVwap = notional / volume;

    List<MarketData> ticks =
        ticks(BarReplay.builder().symbols(List.of("AZO")).window(TimeWindow.days(DAY, DAY)));

    double tickNotional = 0;
    long tickVolume = 0;
    for (MarketData tick : ticks) {
      tickNotional += tick.lastPrice() * tick.lastSize();
      tickVolume += tick.lastSize();
    }
    assertThat(rows).hasSizeGreaterThan(100);
    assertThat(tickVolume).isEqualTo(volume);
    assertThat(tickNotional / tickVolume).isCloseTo(expectedVwap, within(expectedVwap * 1e-9));
    assertThat(ticks.get(ticks.size() - 1).volume()).isEqualTo(volume);
    assertThat(ticks).allSatisfy(t -> assertThat(t.validate()).isSameAs(t));
  }

  @Test
  void everyDayVwapOfAWholeYearMatchesTheFile() throws IOException {
    Map<LocalDate, double[]> expected = new HashMap<>();
    List<String> lines = Files.readAllLines(DATA.resolve("GWW-2024.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(";");
      LocalDate day =
          Instant.ofEpochMilli(Long.parseLong(cells[1])).atZone(ZoneOffset.UTC).toLocalDate();
      double[] sums = expected.computeIfAbsent(day, d -> new double[2]);
      sums[0] += Double.parseDouble(cells[6]) * Long.parseLong(cells[7]);
      sums[1] += Long.parseLong(cells[7]);
    }
    Map<LocalDate, double[]> actual = new HashMap<>();
    BarReplay.builder()
        .symbols(List.of("GWW"))
        .open()
        .forEach(
            tick -> {
              double[] sums =
                  actual.computeIfAbsent(
                      tick.timestamp().atZone(ZoneOffset.UTC).toLocalDate(), d -> new double[2]);
              sums[0] += tick.lastPrice() * tick.lastSize();
              sums[1] += tick.lastSize();
            },
            null);

    assertThat(actual.keySet()).isEqualTo(expected.keySet()).hasSizeGreaterThan(200);
    expected.forEach(
        (day, sums) -> {
          double vwap = sums[0] / sums[1];
          assertThat(actual.get(day)[1]).as("volume %s", day).isEqualTo(sums[1]);
          assertThat(actual.get(day)[0] / actual.get(day)[1])
              .as("VWAP %s", day)
              .isCloseTo(vwap, within(vwap * 1e-9));
        });
  }

  @Test
  void everySymbolInTimeOrderWithSequenceNumbers() throws IOException {
    LocalDate day = LocalDate.of(2024, 4, 3); // CPAY's file starts in late March
    List<MarketData> ticks = ticks(BarReplay.builder().window(TimeWindow.days(day, day)));

    assertThat(ticks)
        .extracting(MarketData::symbol)
        .containsOnly("AZO", "BKNG", "CPAY", "FDS", "GWW", "LII");
    for (int i = 1; i < ticks.size(); i++) {
      MarketData previous = ticks.get(i - 1);
      MarketData tick = ticks.get(i);
      assertThat(tick.timestampNanos()).isGreaterThanOrEqualTo(previous.timestampNanos());
      assertThat(tick.sequenceNumber()).isEqualTo(previous.sequenceNumber() + 1);
    }
    assertThat(ticks.get(0).sequenceNumber()).isEqualTo(1);
    Map<String, Long> perSymbol =
        ticks.stream()
            .collect(
                Collectors.groupingBy(
                    MarketData::symbol, Collectors.summingLong(MarketData::lastSize)));
    for (Map.Entry<String, Long> entry : perSymbol.entrySet()) {
      long fileVolume =
          rows(entry.getKey(), day).stream().mapToLong(r -> Long.parseLong(r[7])).sum();
      assertThat(entry.getValue()).as(entry.getKey()).isEqualTo(fileVolume);
    }
  }

  @Test
  void symbolAndDateFiltersApply() {
    List<MarketData> ticks =
        ticks(
            BarReplay.builder()
                .symbols(List.of("fds", "GWW"))
                .window(TimeWindow.parse("2024-02-01", "2024-02-02")));

    assertThat(ticks).extracting(MarketData::symbol).containsOnly("FDS", "GWW");
    assertThat(ticks)
        .extracting(
            t -> Instant.ofEpochSecond(0, t.timestampNanos()).atZone(ZoneOffset.UTC).toLocalDate())
        .containsOnly(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 2));
  }

  @Test
  void volumeRestartsEachDay() {
    List<MarketData> ticks =
        ticks(
            BarReplay.builder()
                .symbols(List.of("AZO"))
                .window(TimeWindow.days(DAY, DAY.plusDays(1))));
    Map<LocalDate, Long> firstVolume = new HashMap<>();
    for (MarketData tick : ticks) {
      firstVolume.putIfAbsent(tick.timestamp().atZone(ZoneOffset.UTC).toLocalDate(), tick.volume());
    }

    assertThat(firstVolume).hasSize(2);
    assertThat(firstVolume.get(DAY.plusDays(1)))
        .isEqualTo(
            ticks.stream()
                .filter(
                    t ->
                        t.timestamp()
                            .isAfter(DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)))
                .findFirst()
                .get()
                .lastSize());
  }

  @Test
  void barsFollowTheirMinutesTicks() throws IOException {
    List<SourceEvent> events = new ArrayList<>();
    try (BarReplay replay =
        BarReplay.builder()
            .symbols(List.of("AZO", "BKNG"))
            .window(TimeWindow.parse("2024-01-03T14:30:00Z", "2024-01-03T15:00:00Z"))
            .emitBars(true)
            .open()) {
      replay.forEachRemaining(events::add);
    }
    List<MinuteBar> bars =
        events.stream()
            .filter(e -> e instanceof SourceEvent.Bar)
            .map(e -> ((SourceEvent.Bar) e).bar())
            .toList();
    long fileBars =
        rows("AZO", DAY).stream().filter(r -> inHalfHour(r)).count()
            + rows("BKNG", DAY).stream().filter(r -> inHalfHour(r)).count();

    assertThat(bars).hasSize((int) fileBars);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).eventTimeNanos())
          .isGreaterThanOrEqualTo(events.get(i - 1).eventTimeNanos());
    }
    for (MinuteBar bar : bars) {
      long tickVolume =
          events.stream()
              .filter(
                  e ->
                      e instanceof SourceEvent.Tick t
                          && t.symbol().equals(bar.symbol())
                          && t.data().timestampNanos() / 60_000_000_000L
                              == bar.startEpochMillis() / 60_000)
              .mapToLong(e -> ((SourceEvent.Tick) e).data().lastSize())
              .sum();
      assertThat(tickVolume).isEqualTo(bar.volume());
    }
  }

  private static boolean inHalfHour(String[] row) {
    long start = Long.parseLong(row[1]);
    return start >= Instant.parse("2024-01-03T14:30:00Z").toEpochMilli()
        && start < Instant.parse("2024-01-03T15:00:00Z").toEpochMilli();
  }

  @Test
  void barsOnlyWhenTicksAreOff() {
    List<MinuteBar> bars = new ArrayList<>();
    BarReplay.builder()
        .symbols(List.of("LII"))
        .window(TimeWindow.days(DAY, DAY))
        .emitTicks(false)
        .emitBars(true)
        .open()
        .forEach(
            t -> {
              throw new AssertionError("tick " + t);
            },
            bars::add);

    assertThat(bars).isNotEmpty().allSatisfy(b -> assertThat(b.symbol()).isEqualTo("LII"));
  }

  @Test
  void findsTheSixSymbols() {
    assertThat(BarReplay.findFiles(DATA).keySet())
        .isEqualTo(Set.of("AZO", "BKNG", "CPAY", "FDS", "GWW", "LII"));
  }

  @Test
  void unknownSymbolAndMissingFolderAreClear() {
    assertThatThrownBy(() -> BarReplay.builder().symbols(List.of("AAPL")).open())
        .hasMessageContaining("no minute-bar file for symbol AAPL");
    assertThatThrownBy(() -> BarReplay.builder().directory(Path.of("no/such/dir")).open())
        .hasMessageContaining("does not exist");
  }
}
