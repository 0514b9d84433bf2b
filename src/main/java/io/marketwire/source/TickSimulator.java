package io.marketwire.source;

import io.marketwire.model.MarketData;
import io.marketwire.model.Timestamps;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * An endless, plausible quote-and-trade feed for demos, load tests and tests, with no data files
 * and no network.
 *
 * <p>Each tick picks a symbol at random and moves its mid price by a log-normal step ({@code
 * volatility} is the standard deviation of one step's log return), so prices wander like real ones
 * and never go negative. Quotes are whole cents with a spread of about one basis point (at least a
 * cent), so bid is always below ask; trades print at the bid or the ask in round or odd lots, add
 * to the symbol's cumulative volume and take the next sequence number. With a seed the feed is
 * repeatable: the same seed and settings give the same symbols, prices and sizes; timestamps come
 * from the clock (strictly increasing), so a fixed clock makes the whole feed repeatable.
 *
 * <p>It does not pace itself ({@link Pacer} does) and is not thread-safe.
 */
public final class TickSimulator implements Iterator<MarketData> {

  public static final List<String> DEFAULT_SYMBOLS = List.of("AAPL", "MSFT", "GOOG");
  public static final double DEFAULT_START_PRICE = 100.0;
  public static final double DEFAULT_VOLATILITY = 0.0005;
  public static final String DEFAULT_EXCHANGE = "SIM";

  private final String[] symbols;
  private final double[] mids;
  private final long[] volumes;
  private final double volatility;
  private final String exchange;
  private final Random random;
  private final Clock clock;
  private long sequence;
  private long lastTimestamp = Long.MIN_VALUE;

  private TickSimulator(Builder builder) {
    if (builder.symbols.isEmpty()) {
      throw new IllegalArgumentException("the simulator needs at least one symbol");
    }
    this.symbols = builder.symbols.toArray(new String[0]);
    this.mids = new double[symbols.length];
    this.volumes = new long[symbols.length];
    for (int i = 0; i < symbols.length; i++) {
      double start = builder.startPrices.getOrDefault(symbols[i], DEFAULT_START_PRICE);
      if (!(start > 0) || Double.isInfinite(start)) {
        throw new IllegalArgumentException(
            "start price of " + symbols[i] + " must be positive, was " + start);
      }
      mids[i] = start;
    }
    if (!(builder.volatility >= 0) || builder.volatility > 0.5) {
      throw new IllegalArgumentException(
          "volatility must be in [0, 0.5] (per-tick log return), was " + builder.volatility);
    }
    this.volatility = builder.volatility;
    this.exchange = builder.exchange;
    this.random = builder.seed == null ? new Random() : new Random(builder.seed);
    this.clock = builder.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Always {@code true}: the feed never ends. Limit it with {@code maxTicks} or a stream. */
  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public MarketData next() {
    int i = random.nextInt(symbols.length);
    double mid = mids[i] * Math.exp(volatility * random.nextGaussian());
    mid = Math.max(mid, 0.05);
    mids[i] = mid;

    long spreadCents = Math.max(1, Math.round(mid * 0.0001 * 100)) + random.nextInt(2);
    long bidCents = Math.max(1, (long) Math.floor(mid * 100 - spreadCents / 2.0));
    long askCents = bidCents + spreadCents;
    double bid = bidCents / 100.0;
    double ask = askCents / 100.0;

    long lastSize =
        random.nextInt(5) == 0 ? 1 + random.nextInt(99) : 100L * (1 + random.nextInt(10));
    double last = random.nextBoolean() ? bid : ask;
    volumes[i] += lastSize;

    long now = Timestamps.toEpochNanos(clock.instant());
    lastTimestamp = lastTimestamp == Long.MIN_VALUE ? now : Math.max(now, lastTimestamp + 1);
    return new MarketData(
        symbols[i],
        bid,
        100L * (1 + random.nextInt(50)),
        ask,
        100L * (1 + random.nextInt(50)),
        last,
        lastSize,
        volumes[i],
        lastTimestamp,
        exchange,
        ++sequence);
  }

  /**
   * Parses {@code AAPL:185.5,MSFT:410} into a map.
   *
   * @throws IllegalArgumentException naming the entry that is not {@code SYMBOL:price}
   */
  public static Map<String, Double> parseStartPrices(String text) {
    Map<String, Double> prices = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return prices;
    }
    for (String entry : text.split(",")) {
      String[] parts = entry.split(":");
      try {
        if (parts.length != 2) {
          throw new NumberFormatException("not SYMBOL:price");
        }
        prices.put(parts[0].trim(), Double.parseDouble(parts[1].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "startPrices entry \"" + entry + "\" is not SYMBOL:price, e.g. AAPL:185.5", e);
      }
    }
    return prices;
  }

  /** Settings; every one has a default. */
  public static final class Builder {
    private List<String> symbols = DEFAULT_SYMBOLS;
    private Map<String, Double> startPrices = Map.of();
    private double volatility = DEFAULT_VOLATILITY;
    private String exchange = DEFAULT_EXCHANGE;
    private Long seed;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Symbols to quote; default {@link #DEFAULT_SYMBOLS}. */
    public Builder symbols(List<String> symbols) {
      this.symbols = new ArrayList<>(symbols);
      return this;
    }

    /** Start mid prices by symbol; others start at {@value #DEFAULT_START_PRICE}. */
    public Builder startPrices(Map<String, Double> startPrices) {
      this.startPrices = Map.copyOf(startPrices);
      return this;
    }

    /** Standard deviation of one tick's log return; default {@value #DEFAULT_VOLATILITY}. */
    public Builder volatility(double volatility) {
      this.volatility = volatility;
      return this;
    }

    /** Exchange name the ticks carry; default {@value #DEFAULT_EXCHANGE}. */
    public Builder exchange(String exchange) {
      this.exchange = exchange;
      return this;
    }

    /** Seed for a repeatable feed; default none (different every run). */
    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    /** Where timestamps come from; default the system clock (UTC). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public TickSimulator build() {
      return new TickSimulator(this);
    }
  }
}
