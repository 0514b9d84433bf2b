package io.marketwire.source;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/**
 * The options of a {@code ticks:} endpoint. The component holds one as the defaults and copies it
 * for every endpoint, so component-level settings ({@code
 * camel.component.ticks.configuration.directory=...}) apply to all routes.
 */
@UriParams
public class TicksConfiguration implements Cloneable {

  @UriPath(enums = "simulator,replay")
  @Metadata(required = true)
  private TickSourceKind source;

  @UriParam(label = "consumer")
  private String symbols;

  @UriParam(label = "consumer")
  private String exchange;

  @UriParam(label = "consumer", defaultValue = "object", enums = "object,json,binary")
  private TickFormat format = TickFormat.OBJECT;

  @UriParam(label = "consumer", defaultValue = "0")
  private long maxTicks;

  @UriParam(label = "consumer,simulator")
  private String startPrices;

  @UriParam(label = "consumer,simulator", defaultValue = "0.0005")
  private double volatility = TickSimulator.DEFAULT_VOLATILITY;

  @UriParam(label = "consumer,simulator", defaultValue = "10")
  private double rate = 10;

  @UriParam(label = "consumer,simulator")
  private Long seed;

  @UriParam(label = "consumer,replay", defaultValue = "../shared/data/minute-bars")
  private String directory = BarReplay.DEFAULT_DIRECTORY.toString();

  @UriParam(label = "consumer,replay")
  private String from;

  @UriParam(label = "consumer,replay")
  private String to;

  @UriParam(label = "consumer,replay", defaultValue = "1")
  private String speed = "1";

  @UriParam(label = "consumer,replay", defaultValue = "true")
  private boolean emitTicks = true;

  @UriParam(label = "consumer,replay", defaultValue = "false")
  private boolean emitBars;

  @UriParam(label = "consumer,replay", defaultValue = "5")
  private int ticksPerBar = BarTickSplitter.DEFAULT_TICKS_PER_BAR;

  @UriParam(label = "advanced", defaultValue = "1000")
  private int maxInFlight = 1000;

  @UriParam(
      label = "consumer",
      defaultValue = "1",
      description =
          "Events per exchange. Above 1, an exchange's body is a java.util.List of Camel messages, each"
              + " event with its own headers (position, symbol, event time), up to this many consecutive"
              + " events; a batch goes out early when the next event is not due yet, so pacing is kept.")
  private int batchSize = 1;

  @UriParam(label = "consumer,replay", defaultValue = TicksConstants.POSITION)
  private String positionHeader = TicksConstants.POSITION;

  @UriParam(label = "consumer,replay")
  private java.util.function.LongSupplier resumeAfter;

  /** A copy for one endpoint, so that its options do not leak into the component's defaults. */
  public TicksConfiguration copy() {
    try {
      return (TicksConfiguration) clone();
    } catch (CloneNotSupportedException e) {
      throw new RuntimeCamelException(e);
    }
  }

  /** {@link #getSymbols()} as a list; empty when unset. */
  public List<String> symbolList() {
    if (symbols == null || symbols.isBlank()) {
      return List.of();
    }
    return Arrays.stream(symbols.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The replay folder as a path, resolved against the working directory. */
  public Path directoryPath() {
    return Path.of(directory);
  }

  public TickSourceKind getSource() {
    return source;
  }

  /** Which source to run: {@code simulator} or {@code replay}. */
  public void setSource(TickSourceKind source) {
    this.source = source;
  }

  public String getSymbols() {
    return symbols;
  }

  /**
   * Comma-separated symbols, e.g. {@code AAPL,MSFT}. The simulator defaults to {@code
   * AAPL,MSFT,GOOG}; the replay to every file in the directory.
   */
  public void setSymbols(String symbols) {
    this.symbols = symbols;
  }

  public String getExchange() {
    return exchange;
  }

  /** Exchange name the ticks carry; default {@code SIM} (simulator) or {@code REPLAY}. */
  public void setExchange(String exchange) {
    this.exchange = exchange;
  }

  public TickFormat getFormat() {
    return format;
  }

  /**
   * The body: {@code object} (MarketData or MinuteBar), {@code json} (UTF-8 JSON bytes) or {@code
   * binary} (binary MarketData bytes; bars as JSON).
   */
  public void setFormat(TickFormat format) {
    this.format = format;
  }

  public long getMaxTicks() {
    return maxTicks;
  }

  /**
   * Stop after this many exchanges (ticks and bars); {@code 0} for no limit. The last one is marked
   * complete.
   */
  public void setMaxTicks(long maxTicks) {
    this.maxTicks = maxTicks;
  }

  public String getStartPrices() {
    return startPrices;
  }

  /** Start mid prices, e.g. {@code AAPL:185.5,MSFT:410}; symbols not named start at 100. */
  public void setStartPrices(String startPrices) {
    this.startPrices = startPrices;
  }

  public double getVolatility() {
    return volatility;
  }

  /** Standard deviation of one tick's log return (0.0005 is 5 basis points per tick). */
  public void setVolatility(double volatility) {
    this.volatility = volatility;
  }

  public double getRate() {
    return rate;
  }

  /** Simulated ticks per second across all symbols; {@code 0} or less for as fast as possible. */
  public void setRate(double rate) {
    this.rate = rate;
  }

  public Long getSeed() {
    return seed;
  }

  /** Random seed for a repeatable feed (same prices, sizes and symbols); unset for random. */
  public void setSeed(Long seed) {
    this.seed = seed;
  }

  public String getDirectory() {
    return directory;
  }

  /** Folder of {@code SYMBOL-YEAR.csv} minute-bar files, relative to the working directory. */
  public void setDirectory(String directory) {
    this.directory = directory;
  }

  public String getFrom() {
    return from;
  }

  /**
   * First bar to replay: an ISO date ({@code 2024-03-01}, that day's start), ISO instant or epoch
   * number. Unset for the first bar in the files.
   */
  public void setFrom(String from) {
    this.from = from;
  }

  public String getTo() {
    return to;
  }

  /**
   * End of the replay: an ISO date (that day included), or an ISO instant or epoch number
   * (excluded). Unset for the last bar in the files.
   */
  public void setTo(String to) {
    this.to = to;
  }

  public String getSpeed() {
    return speed;
  }

  /**
   * Replay pace: {@code 1} real time (gaps between sessions included), {@code N} N times faster,
   * {@code max} as fast as the route takes them.
   */
  public void setSpeed(String speed) {
    this.speed = speed;
  }

  public boolean isEmitTicks() {
    return emitTicks;
  }

  /** Whether the replay emits ticks made from the bars. */
  public void setEmitTicks(boolean emitTicks) {
    this.emitTicks = emitTicks;
  }

  public boolean isEmitBars() {
    return emitBars;
  }

  /** Whether the replay also emits each bar after its minute's ticks (header kind {@code bar}). */
  public void setEmitBars(boolean emitBars) {
    this.emitBars = emitBars;
  }

  public int getTicksPerBar() {
    return ticksPerBar;
  }

  /**
   * The most ticks one bar becomes (pairs around the VWAP plus one at it, so an even number means
   * one less); {@code 1} replays each bar as one tick at its VWAP.
   */
  public void setTicksPerBar(int ticksPerBar) {
    this.ticksPerBar = ticksPerBar;
  }

  public int getMaxInFlight() {
    return maxInFlight;
  }

  /**
   * Exchanges routed at once. The source waits when this many are still in the route (for
   * example waiting for broker confirms), so memory stays bounded; 1 routes one at a time.
   */
  public void setMaxInFlight(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  public int getBatchSize() {
    return batchSize;
  }

  public void setBatchSize(int batchSize) {
    this.batchSize = batchSize;
  }

  public String getPositionHeader() {
    return positionHeader;
  }

  /**
   * Header that carries a replayed event's position: 1 for the range's first event, then one more
   * per tick or bar, the same numbers every time the same range, symbols and ticksPerBar are
   * replayed. Name the rabbitmq-stream publishing id header (CamelRabbitMqStreamPublishingId) here
   * and a named producer publishes every tick exactly once, however often the replay restarts.
   */
  public void setPositionHeader(String positionHeader) {
    this.positionHeader = positionHeader;
  }

  public java.util.function.LongSupplier getResumeAfter() {
    return resumeAfter;
  }

  /**
   * Asked once when the consumer starts: the last position already delivered (0 = none). The
   * replay goes over those events without pacing or routing them and resumes after it.
   */
  public void setResumeAfter(java.util.function.LongSupplier resumeAfter) {
    this.resumeAfter = resumeAfter;
  }
}
