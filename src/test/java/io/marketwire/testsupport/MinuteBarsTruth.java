package io.marketwire.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Ground truth straight from the CSV files, written independently of the project's own reader:
 * the day VWAP of a symbol is sum(price * volume) / sum(volume) over that day's rows.
 */
public final class MinuteBarsTruth {

  public static final Path DIRECTORY = Path.of("../shared/data/minute-bars");

  /** Sums of one symbol on one day. */
  public record Day(String symbol, LocalDate day, long bars, double priceTimesVolume, long volume) {
    public double vwap() {
      return priceTimesVolume / volume;
    }
  }

  private MinuteBarsTruth() {}

  /** Keyed {@code yyyy-mm-dd/SYMBOL}, days from {@code from} to {@code to} inclusive. */
  public static Map<String, Day> days(List<String> symbols, LocalDate from, LocalDate to) throws IOException {
    Map<String, Day> out = new TreeMap<>();
    for (String symbol : symbols) {
      try (Stream<String> lines = Files.lines(DIRECTORY.resolve(symbol + "-2024.csv"))) {
        lines
            .skip(1)
            .map(l -> l.split(";"))
            .forEach(
                f -> {
                  LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(Long.parseLong(f[1])), ZoneOffset.UTC);
                  if (day.isBefore(from) || day.isAfter(to)) {
                    return;
                  }
                  double price = Double.parseDouble(f[6]);
                  long volume = Math.round(Double.parseDouble(f[7]));
                  if (volume <= 0) {
                    return;
                  }
                  out.merge(
                      day + "/" + symbol,
                      new Day(symbol, day, 1, price * volume, volume),
                      (a, b) -> new Day(symbol, day, a.bars() + b.bars(), a.priceTimesVolume() + b.priceTimesVolume(), a.volume() + b.volume()));
                });
      }
    }
    return out;
  }
}
