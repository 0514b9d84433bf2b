package io.marketwire.quotes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Minute bars of the real 2024 files, read straight from the CSV (independent of the project's reader). */
record RealBars(List<Long> epochMillis, List<Double> closes, List<Long> volumes) {

  static final Path DIRECTORY = Path.of("../shared/data/minute-bars");

  /** Bars of {@code symbol} from {@code from} to {@code to} (inclusive, UTC days), in file order. */
  static RealBars read(String symbol, LocalDate from, LocalDate to) throws IOException {
    List<Long> t = new ArrayList<>();
    List<Double> c = new ArrayList<>();
    List<Long> v = new ArrayList<>();
    try (Stream<String> lines = Files.lines(DIRECTORY.resolve(symbol + "-2024.csv"))) {
      lines.skip(1).forEach(line -> {
        String[] f = line.split(";"); // date;timestamp;close;high;low;open;price;volume
        long millis = Long.parseLong(f[1]);
        LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
        if (!day.isBefore(from) && !day.isAfter(to)) {
          t.add(millis);
          c.add(Double.parseDouble(f[2]));
          v.add(Math.round(Double.parseDouble(f[7])));
        }
      });
    }
    return new RealBars(t, c, v);
  }

  double[] closeArray() {
    return closes.stream().mapToDouble(Double::doubleValue).toArray();
  }

  // ---- the reference computations, written out plainly over the whole series ----

  /** SMA(n) at index i: the mean of prices[i-n+1..i]; NaN before index n-1. */
  static double sma(double[] p, int n, int i) {
    if (i < n - 1) {
      return Double.NaN;
    }
    double sum = 0;
    for (int j = i - n + 1; j <= i; j++) {
      sum += p[j];
    }
    return sum / n;
  }

  /** EMA(n) at index i: seeded with SMA(n) at index n-1, then p*k + previous*(1-k), k = 2/(n+1). */
  static double ema(double[] p, int n, int i) {
    if (i < n - 1) {
      return Double.NaN;
    }
    double k = 2.0 / (n + 1);
    double e = sma(p, n, n - 1);
    for (int j = n; j <= i; j++) {
      e = p[j] * k + e * (1 - k);
    }
    return e;
  }

  /** Wilder's RSI(n) at index i (needs i >= n). */
  static double rsi(double[] p, int n, int i) {
    if (i < n) {
      return Double.NaN;
    }
    double gains = 0;
    double losses = 0;
    for (int j = 1; j <= n; j++) {
      double d = p[j] - p[j - 1];
      if (d > 0) {
        gains += d;
      } else {
        losses -= d;
      }
    }
    double avgGain = gains / n;
    double avgLoss = losses / n;
    for (int j = n + 1; j <= i; j++) {
      double d = p[j] - p[j - 1];
      avgGain = (avgGain * (n - 1) + (d > 0 ? d : 0)) / n;
      avgLoss = (avgLoss * (n - 1) + (d < 0 ? -d : 0)) / n;
    }
    if (avgLoss == 0) {
      return 100;
    }
    return 100 - 100 / (1 + avgGain / avgLoss);
  }
}
