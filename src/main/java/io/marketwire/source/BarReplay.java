package io.marketwire.source;

import io.marketwire.model.MarketData;
import io.marketwire.model.MinuteBar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Replays the minute-bar files as a market data feed: the chosen symbols' bars merged in time
 * order, each bar followed by the ticks it is split into ({@link BarTickSplitter}) and, when asked,
 * by the bar itself.
 *
 * <p>It streams: the files are read line by line through a k-way merge, and only one minute's ticks
 * are held at a time. Ticks of one minute are ordered by timestamp across symbols (then by symbol),
 * so the whole feed is in time order; sequence numbers follow that order from 1, and each tick's
 * {@code volume} is its symbol's volume so far that UTC day. Pacing is not done here: the iterator
 * is as fast as the caller (see {@link Pacer}), so tests and benchmarks can use it directly.
 *
 * <p>Not thread-safe; close it to release the files.
 */
public final class BarReplay implements Iterator<SourceEvent>, AutoCloseable {

  /** Where the project's 2024 bars are, relative to a module's working directory. */
  public static final Path DEFAULT_DIRECTORY = Path.of("../shared/data/minute-bars");

  public static final String DEFAULT_EXCHANGE = "REPLAY";

  private static final Pattern FILE_NAME = Pattern.compile("(.+?)(-\\d{4})?\\.csv");
  private static final long DAY_MILLIS = 86_400_000L;
  private static final Comparator<MarketData> TICK_ORDER =
      Comparator.comparingLong(MarketData::timestampNanos).thenComparing(MarketData::symbol);

  private final MinuteBarMerge bars;
  private final BarTickSplitter splitter;
  private final boolean emitTicks;
  private final boolean emitBars;
  private final ArrayDeque<SourceEvent> pending = new ArrayDeque<>();
  private final Map<String, long[]> dayVolumes = new HashMap<>();
  private long nextSequence = 1;

  private BarReplay(Builder builder, MinuteBarMerge bars) {
    this.bars = bars;
    this.splitter = new BarTickSplitter(builder.ticksPerBar, builder.exchange);
    this.emitTicks = builder.emitTicks;
    this.emitBars = builder.emitBars;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The bar files in {@code directory} by symbol, named {@code SYMBOL.csv} or {@code
   * SYMBOL-YEAR.csv}; a symbol's years are merged like separate symbols' files.
   */
  public static Map<String, List<Path>> findFiles(Path directory) {
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          "minute-bar directory "
              + directory.toAbsolutePath().normalize()
              + " does not exist (set the replay directory)");
    }
    Map<String, List<Path>> files = new TreeMap<>();
    try (Stream<Path> listing = Files.list(directory)) {
      listing
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(
              file -> {
                Matcher name = FILE_NAME.matcher(file.getFileName().toString());
                if (name.matches()) {
                  String symbol = name.group(1).toUpperCase(Locale.ROOT);
                  files.computeIfAbsent(symbol, s -> new ArrayList<>()).add(file);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory, e);
    }
    return files;
  }

  @Override
  public boolean hasNext() {
    while (pending.isEmpty() && bars.hasNext()) {
      readMinute();
    }
    return !pending.isEmpty();
  }

  @Override
  public SourceEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException("replay finished");
    }
    return pending.poll();
  }

  /** Feeds every remaining event to the callbacks (either may be {@code null}) and closes. */
  public void forEach(Consumer<MarketData> ticks, Consumer<MinuteBar> minuteBars) {
    try {
      while (hasNext()) {
        SourceEvent event = next();
        if (event instanceof SourceEvent.Tick tick) {
          if (ticks != null) {
            ticks.accept(tick.data());
          }
        } else if (event instanceof SourceEvent.Bar bar && minuteBars != null) {
          minuteBars.accept(bar.bar());
        }
      }
    } finally {
      close();
    }
  }

  private void readMinute() {
    long minute = bars.peek().startEpochMillis();
    List<MinuteBar> minuteBars = new ArrayList<>();
    while (bars.hasNext() && bars.peek().startEpochMillis() == minute) {
      minuteBars.add(bars.next());
    }
    if (emitTicks) {
      List<MarketData> ticks = new ArrayList<>();
      for (MinuteBar bar : minuteBars) {
        long[] dayVolume = dayVolumes.computeIfAbsent(bar.symbol(), s -> new long[] {-1, 0});
        long day = Math.floorDiv(bar.startEpochMillis(), DAY_MILLIS);
        if (dayVolume[0] != day) {
          dayVolume[0] = day;
          dayVolume[1] = 0;
        }
        ticks.addAll(splitter.split(bar, dayVolume[1], 0));
        dayVolume[1] += bar.volume();
      }
      ticks.sort(TICK_ORDER);
      for (MarketData tick : ticks) {
        pending.add(new SourceEvent.Tick(tick.withSequenceNumber(nextSequence++)));
      }
    }
    if (emitBars) {
      for (MinuteBar bar : minuteBars) {
        pending.add(new SourceEvent.Bar(bar));
      }
    }
  }

  @Override
  public void close() {
    pending.clear();
    bars.close();
  }

  /** Options of a replay; every one has a default, so {@code builder().open()} replays all. */
  public static final class Builder {
    private Path directory = DEFAULT_DIRECTORY;
    private Set<String> symbols = Set.of();
    private TimeWindow window = TimeWindow.ALL;
    private int ticksPerBar = BarTickSplitter.DEFAULT_TICKS_PER_BAR;
    private String exchange = DEFAULT_EXCHANGE;
    private boolean emitTicks = true;
    private boolean emitBars = false;

    private Builder() {}

    /** The folder of bar files; default {@link #DEFAULT_DIRECTORY}. */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /** The symbols to replay (case-insensitive); default (empty) all files in the folder. */
    public Builder symbols(Collection<String> symbols) {
      Set<String> upper = new LinkedHashSet<>();
      for (String symbol : symbols) {
        if (!symbol.isBlank()) {
          upper.add(symbol.trim().toUpperCase(Locale.ROOT));
        }
      }
      this.symbols = upper;
      return this;
    }

    /** The bar starts to replay; default {@link TimeWindow#ALL}. */
    public Builder window(TimeWindow window) {
      this.window = window;
      return this;
    }

    /** The most ticks one bar becomes; default {@value BarTickSplitter#DEFAULT_TICKS_PER_BAR}. */
    public Builder ticksPerBar(int ticksPerBar) {
      this.ticksPerBar = ticksPerBar;
      return this;
    }

    /** The exchange name ticks carry; default {@value #DEFAULT_EXCHANGE}. */
    public Builder exchange(String exchange) {
      this.exchange = exchange;
      return this;
    }

    /** Whether to emit ticks; default {@code true}. */
    public Builder emitTicks(boolean emitTicks) {
      this.emitTicks = emitTicks;
      return this;
    }

    /** Whether to emit each bar after its minute's ticks; default {@code false}. */
    public Builder emitBars(boolean emitBars) {
      this.emitBars = emitBars;
      return this;
    }

    /**
     * Opens the files and returns the replay, positioned before the first event.
     *
     * @throws IllegalArgumentException when the folder is missing or a symbol has no file
     */
    public BarReplay open() {
      Map<String, List<Path>> files = findFiles(directory);
      Set<String> chosen = symbols.isEmpty() ? files.keySet() : symbols;
      List<MinuteBarCsvReader> readers = new ArrayList<>();
      try {
        for (String symbol : chosen) {
          List<Path> paths = files.get(symbol);
          if (paths == null) {
            throw new IllegalArgumentException(
                "no minute-bar file for symbol "
                    + symbol
                    + " in "
                    + directory
                    + "; have "
                    + files.keySet());
          }
          for (Path path : paths) {
            readers.add(MinuteBarCsvReader.open(path, symbol, window));
          }
        }
        return new BarReplay(this, new MinuteBarMerge(readers));
      } catch (RuntimeException e) {
        readers.forEach(MinuteBarCsvReader::close);
        throw e;
      }
    }
  }
}
