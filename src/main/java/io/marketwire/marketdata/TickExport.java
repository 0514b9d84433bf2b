package io.marketwire.marketdata;

import io.marketwire.model.MarketData;
import io.marketwire.model.MarketDataJsonCodec;
import io.marketwire.model.Timestamps;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The ticks of a replay, one file per symbol ({@code AZO.jsonl} or {@code AZO.csv}) in a folder:
 * seed 000's {@code result.get_data_for_symbol("AZO")}, for a notebook or a spreadsheet. JSON lines
 * use seed 000's field names; CSV has the same columns in the same order. Not thread-safe: it is
 * fed one tick at a time (a replay of a super stream's partitions through {@link ReplaySession},
 * which serialises them).
 */
public final class TickExport implements Consumer<MarketData>, AutoCloseable {

  /** The file format of an export. */
  public enum Format {
    JSONL,
    CSV;

    public static Format parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("export format must be jsonl or csv, was '" + text + "'", e);
      }
    }

    String extension() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private static final String CSV_HEADER =
      "symbol,bid_price,ask_price,bid_size,ask_size,last_price,last_size,volume,timestamp,exchange,sequence_number";

  private final Path directory;
  private final Format format;
  private final MarketDataJsonCodec json = new MarketDataJsonCodec();
  private final Map<String, BufferedWriter> writers = new TreeMap<>();

  public TickExport(Path directory, Format format) throws IOException {
    this.directory = Files.createDirectories(directory);
    this.format = format;
  }

  @Override
  public void accept(MarketData tick) {
    try {
      BufferedWriter out = writers.get(tick.symbol());
      if (out == null) {
        out = Files.newBufferedWriter(file(tick.symbol()), StandardCharsets.UTF_8);
        if (format == Format.CSV) {
          out.write(CSV_HEADER);
          out.newLine();
        }
        writers.put(tick.symbol(), out);
      }
      out.write(format == Format.JSONL ? json.encodeToString(tick) : csv(tick));
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export of " + tick.symbol() + " in " + directory, e);
    }
  }

  /** The file a symbol's ticks go to. */
  public Path file(String symbol) {
    return directory.resolve(symbol + "." + format.extension());
  }

  private static String csv(MarketData t) {
    return String.join(",", t.symbol(), Double.toString(t.bidPrice()), Double.toString(t.askPrice()), Long.toString(t.bidSize()),
        Long.toString(t.askSize()), Double.toString(t.lastPrice()), Long.toString(t.lastSize()), Long.toString(t.volume()),
        Timestamps.format(t.timestampNanos()), t.exchange(), Long.toString(t.sequenceNumber()));
  }

  @Override
  public void close() throws IOException {
    for (BufferedWriter out : writers.values()) {
      out.close();
    }
  }
}
