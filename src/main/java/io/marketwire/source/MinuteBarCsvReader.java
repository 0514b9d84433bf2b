package io.marketwire.source;

import io.marketwire.model.MinuteBar;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams the bars of one minute-bar file ({@code ;}-separated, header line, columns {@code
 * date;timestamp;close;high;low;open;price;volume} in any order) one line at a time, so a year of
 * bars never has to sit in memory.
 *
 * <p>Columns are found by their header name; the {@code timestamp} column (epoch milliseconds) is
 * used, the RFC 1123 {@code date} text is ignored. Rows must be in increasing time order, which the
 * k-way merge relies on; a row out of order or unreadable fails with the file and line number,
 * because silently skipping would make a replayed VWAP wrong. Rows outside the window are skipped
 * and reading stops at the first row past its end.
 */
public final class MinuteBarCsvReader implements Iterator<MinuteBar>, Closeable {

  private final BufferedReader reader;
  private final String symbol;
  private final TimeWindow window;
  private final String sourceName;
  private final int timestampColumn;
  private final int openColumn;
  private final int highColumn;
  private final int lowColumn;
  private final int closeColumn;
  private final int priceColumn;
  private final int volumeColumn;
  private final int columns;
  private long lineNumber;
  private long previousStart = Long.MIN_VALUE;
  private MinuteBar next;
  private boolean done;

  /**
   * @param reader the file's text, header line first; closed by {@link #close()}
   * @param symbol the symbol the bars are for
   * @param window the bar starts to keep
   * @param sourceName a name for error messages, e.g. the file name
   */
  public MinuteBarCsvReader(
      BufferedReader reader, String symbol, TimeWindow window, String sourceName) {
    this.reader = reader;
    this.symbol = symbol;
    this.window = window;
    this.sourceName = sourceName;
    String header = readLine();
    if (header == null) {
      throw new IllegalStateException(sourceName + ": empty file, a header line was expected");
    }
    String[] names = header.trim().split(";", -1);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      index.put(names[i].trim().toLowerCase(Locale.ROOT), i);
    }
    this.columns = names.length;
    this.timestampColumn = column(index, "timestamp");
    this.openColumn = column(index, "open");
    this.highColumn = column(index, "high");
    this.lowColumn = column(index, "low");
    this.closeColumn = column(index, "close");
    this.priceColumn = column(index, "price");
    this.volumeColumn = column(index, "volume");
  }

  /** Opens {@code file} as UTF-8. */
  public static MinuteBarCsvReader open(Path file, String symbol, TimeWindow window) {
    try {
      return new MinuteBarCsvReader(
          Files.newBufferedReader(file, StandardCharsets.UTF_8),
          symbol,
          window,
          file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open minute bars " + file, e);
    }
  }

  private int column(Map<String, Integer> index, String name) {
    Integer position = index.get(name);
    if (position == null) {
      throw new IllegalStateException(
          sourceName + ": header has no \"" + name + "\" column: " + index.keySet());
    }
    return position;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      next = readBar();
      done = next == null;
    }
    return next != null;
  }

  @Override
  public MinuteBar next() {
    if (!hasNext()) {
      throw new NoSuchElementException(sourceName + " has no more bars");
    }
    MinuteBar bar = next;
    next = null;
    return bar;
  }

  private MinuteBar readBar() {
    String line;
    while ((line = readLine()) != null) {
      if (line.isBlank()) {
        continue;
      }
      MinuteBar bar = parse(line);
      if (bar.startEpochMillis() <= previousStart) {
        throw new IllegalStateException(
            sourceName + " line " + lineNumber + ": bar is not after the previous one: " + line);
      }
      previousStart = bar.startEpochMillis();
      if (bar.startEpochMillis() >= window.toEpochMillis()) {
        return null;
      }
      if (window.contains(bar.startEpochMillis())) {
        return bar;
      }
    }
    return null;
  }

  private MinuteBar parse(String line) {
    String[] cells = line.split(";", -1);
    if (cells.length != columns) {
      throw new IllegalStateException(
          sourceName
              + " line "
              + lineNumber
              + ": "
              + cells.length
              + " cells where the header has "
              + columns
              + ": "
              + line);
    }
    try {
      return new MinuteBar(
          symbol,
          Long.parseLong(cells[timestampColumn].trim()),
          Double.parseDouble(cells[openColumn]),
          Double.parseDouble(cells[highColumn]),
          Double.parseDouble(cells[lowColumn]),
          Double.parseDouble(cells[closeColumn]),
          Double.parseDouble(cells[priceColumn]),
          Long.parseLong(cells[volumeColumn].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          sourceName + " line " + lineNumber + ": not a number in: " + line, e);
    }
  }

  private String readLine() {
    try {
      String line = reader.readLine();
      if (line != null) {
        lineNumber++;
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(sourceName + ": read failed at line " + lineNumber, e);
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(sourceName + ": close failed", e);
    }
  }
}
